// Every string the UI shows (zh-CN is the default locale). A second locale is another object of the same shape
// (see ./index.ts). Placeholders are {name}. The dictionary is split by area into ./zh-CN/*.ts, each file
// exporting its top-level sections; this file only assembles them. Add keys in the area file.
import { app, roles, nav, login, errors, requestLimits, health } from './zh-CN/common'
import { phases, states, schedule, workflowRefusals, workflowEvents } from './zh-CN/workflow'
import { dashboard, followUps, village, county, checklist, report, campaignWindows } from './zh-CN/dashboard'
import { admin, villagesAdmin, users, holidays } from './zh-CN/admin'
import { villageHistory } from './zh-CN/history'
import { households } from './zh-CN/households'
import { problemCategories, problems } from './zh-CN/problems'
import { supervision } from './zh-CN/supervision'
import { dashboardPanels } from './zh-CN/dashboardPanels'
import { exportStrings } from './zh-CN/exports'
import { rosterImport } from './zh-CN/rosterImport'
import { myVillages } from './zh-CN/liaison'
import { countyAdmin } from './zh-CN/countyAdmin'
import { townshipTasks } from './zh-CN/townshipTasks'
import { campaigns } from './zh-CN/campaigns'
import { accountImport } from './zh-CN/accountImport'
import { nearRelatives } from './zh-CN/nearRelatives'
import { approvals } from './zh-CN/approvals'
import { members } from './zh-CN/members'
import { economicCheck, reviewCompleteness, allowanceStandards } from './zh-CN/economicCheck'
import { reportPhone, approvalNotice, standingNotice } from './zh-CN/publicNotices'
import { paper } from './zh-CN/paper'
import { approvalProgress } from './zh-CN/approvalProgress'
import { problemSupervision } from './zh-CN/problemSupervision'
import { countySample } from './zh-CN/countySample'
import { paymentLedger } from './zh-CN/paymentLedger'
import { departmentLists } from './zh-CN/departmentLists'
import { checklistRules, selfInspection } from './zh-CN/checklistRules'
import { evidence } from './zh-CN/evidence'
import { villageWork, rosterWork } from './zh-CN/villageWork'
import { workList, phaseProgress, sendBack, loginHelp } from './zh-CN/inspectorDay'
import { dailyBrief, followUpList } from './zh-CN/leaderDay'

export const zhCN = {
  dailyBrief,
  followUpList,
  app,
  roles,
  nav,
  login,
  errors,
  requestLimits,
  phases,
  states,
  schedule,
  dashboard,
  followUps,
  village,
  county,
  checklist,
  report,
  campaignWindows,
  admin,
  villageHistory,
  villagesAdmin,
  users,
  problemCategories,
  workflowRefusals,
  health,
  workflowEvents,
  households,
  problems,
  holidays,
  supervision,
  dashboardPanels,
  exports: exportStrings,
  rosterImport,
  myVillages,
  countyAdmin,
  townshipTasks,
  campaigns,
  accountImport,
  nearRelatives,
  approvals,
  members,
  economicCheck,
  reviewCompleteness,
  allowanceStandards,
  reportPhone,
  approvalNotice,
  standingNotice,
  paper,
  approvalProgress,
  problemSupervision,
  countySample,
  paymentLedger,
  departmentLists,
  // checklists the data decides, the self-inspection report's written sections (issue 17)
  checklistRules,
  selfInspection,
  // the inspector's and 包村干部's day (issue 17)
  workList,
  phaseProgress,
  sendBack,
  loginHelp,
  // the cadre's day (issue 17): the village's 待办事项 and the roster's work status
  villageWork,
  rosterWork,
  // 佐证材料 (issue 17)
  evidence,
} as const
