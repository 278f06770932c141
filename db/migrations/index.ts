// Migrations are listed here rather than read from the folder: the server is a bundle, where a folder scan
// would find nothing. Names sort in the order they run.
import type { Migration } from 'kysely/migration'
import * as m0001 from './0001_domain'
import * as m0002 from './0002_audit_log'
import * as m0003 from './0003_dashboard_indexes'
import * as m0004 from './0004_roster_imports'
import * as m0005 from './0005_problem_extensions'
import * as m0006 from './0006_versions_and_audit_chain'
import * as m0007 from './0007_real_county'
import * as m0008 from './0008_account_imports'
import * as m0009 from './0009_near_relatives'
import * as m0010 from './0010_review_and_approval'
import * as m0011 from './0011_office_files_and_checks'
import * as m0012 from './0012_daily_work'

export const migrations: Record<string, Migration> = {
  '0001_domain': m0001,
  '0002_audit_log': m0002,
  '0003_dashboard_indexes': m0003,
  '0004_roster_imports': m0004,
  '0005_problem_extensions': m0005,
  '0006_versions_and_audit_chain': m0006,
  '0007_real_county': m0007,
  '0008_account_imports': m0008,
  '0009_near_relatives': m0009,
  '0010_review_and_approval': m0010,
  '0011_office_files_and_checks': m0011,
  '0012_daily_work': m0012,
}
