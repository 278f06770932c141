// The township, its villages and who signs in: 乡镇, 村(居), 用户, sessions and sign-in attempts.
import type { RoleKey, VillageKind } from '../../workflows/rules/vocabulary'
import type { CreatedAt, Defaulted, Id } from './columns'
import type { RosterImportUploadTable } from './households'

export type Role = RoleKey

/** 乡镇 */
export interface TownshipTable {
  id: Id
  name: string
  county_name: string
  /** 举报电话: printed on every notice (公示) of the township */
  report_phone: string | null
  version: Defaulted<number>
  created_at: CreatedAt
}

/** 村(居): a village or a community (社区). */
export interface VillageTable {
  id: Id
  township_id: number
  name: string
  /** short latin code, e.g. dongfeng; also the demo cadre's username */
  code: string
  kind: VillageKind
  sort_order: number
  /** 包村领导: the township leader responsible for this village */
  leader_user_id: number | null
  created_at: CreatedAt
}

/** 用户. scope: county users see a county's townships, everyone else one township; a cadre one village. */
export interface UserTable {
  id: Id
  username: string
  display_name: string
  password_hash: string
  role: Role
  township_id: number | null
  village_id: number | null
  county_name: string | null
  /** a county user (role county) who also manages the county's townships and accounts (县民政局管理员) */
  county_admin: Defaulted<number>
  /** a township account of the 镇民政所: examines proposals (镇审核) as a leader does (ADR 010) */
  civil_affairs: Defaulted<number>
  phone: string | null
  active: Defaulted<number>
  /** optimistic-lock counter: every save bumps it */
  version: Defaulted<number>
  created_at: CreatedAt
  updated_at: string
}

/** 县: the county a bureau administers; townships and county users name it in county_name. */
export interface CountyTable {
  id: Id
  name: string
  created_at: CreatedAt
}

/** 包村干部: which villages a township official (role liaison) works. */
export interface VillageLiaisonTable {
  village_id: number
  user_id: number
}

/** An uploaded account list (账号名单) waiting for its confirm: the same shape as a pending roster upload. */
export type AccountImportUploadTable = RosterImportUploadTable

/** Server-side sessions: the cookie carries only the id, so sign-out and role changes can revoke it. */
export interface SessionTable {
  id: string
  user_id: number
  created_at: CreatedAt
  expires_at: string
  ip: string | null
  user_agent: string | null
}

/** Sign-in attempts, kept for the per-account and per-address rate limit. */
export interface LoginAttemptTable {
  id: Id
  username: string
  ip: string
  succeeded: number
  attempted_at: string
}
