// zh-CN: Strings shared by every page: the shell, roles, sign-in, errors and request limits. Assembled into `zhCN` by ../zh-CN.ts.

export const app = {
  name: '整改通',
  tagline: '低保专项整治工作台',
  skipToContent: '跳到正文',
  mainNav: '主导航',
  signedInAs: '{name} · {role}',
  signOut: '退出登录',
  footer: '整改通 · 低保“人情保”“错保”专项整治',
} as const

export const roles = {
  leader: '镇领导',
  cadre: '村(居)干部',
  inspector: '督查人员',
  county: '县民政局',
  admin: '管理员',
  liaison: '包村干部',
} as const

export const nav = {
  dashboard: '工作总览',
  myVillage: '本村(居)工作',
  myVillages: '我的包村',
  county: '全县汇总',
  admin: '系统管理',
  villages: '村(居)列表',
  // every link of the navigation has its label here, so the shell's script carries one small section, not the
  // sections of every page it links to (page weight, ADR 015); those pages' own link texts point here
  complaints: '举报信访',
  exports: '打印与导出',
  import: '导入低保花名册',
  campaignWindows: '阶段时间安排',
  countyAdmin: '县级管理',
  work: '我的待办',
  workCount: '（{count}项待办）',
  approvals: '审批',
  crosscheck: '信息核对',
  countySample: '县级入户抽查',
} as const

export const login = {
  title: '登录整改通',
  intro: '请使用单位分配的账号登录。',
  username: '用户名',
  password: '密码',
  submit: '登录',
  invalid: '用户名或密码不正确。',
  rateLimited: '登录失败次数过多，请{minutes}分钟后再试。',
  usernameRequired: '请输入用户名。',
  passwordRequired: '请输入密码。',
  signedOut: '您已退出登录。',
} as const

export const errors = {
  forbiddenTitle: '无权访问',
  forbidden: '您没有访问此页面的权限。村(居)干部只能查看和办理本村(居)的工作。',
  notFoundTitle: '页面不存在',
  notFound: '没有找到您要的页面，可能已被删除或地址有误。',
  genericTitle: '出错了',
  generic: '系统暂时无法完成此操作，请稍后再试。如果问题持续，请联系管理员。',
  backHome: '返回首页',
  tooLong: '最多{max}个字。',
  controlCharacters: '内容中含有不可见的控制字符，请删除后重新填写。',
} as const

// what the server says when it refuses a request before (or while) reading it: never an echo of the input
export const requestLimits = {
  title: '提交的内容无法处理',
  formTooLarge: '提交的内容超过{size}的上限，未予处理。请精简后从整改通的页面重新提交。',
  uploadTooLarge: '上传的文件超过{size}的上限，未予处理。请分成几个文件上传。',
  unsupportedType: '不支持的提交格式，未予处理。请从整改通的页面提交表单。',
  tooManyFields: '提交的内容字段过多，未予处理。请从整改通的页面重新提交。',
  badFieldName: '提交的内容含有无法识别的字段，未予处理。请从整改通的页面重新提交。',
  valueTooLong: '提交的内容中有一项过长，未予处理。请精简后重新提交。',
  malformed: '提交的内容格式有误，未予处理。请从整改通的页面重新提交。',
} as const

export const health = {
  ok: '运行正常',
} as const
