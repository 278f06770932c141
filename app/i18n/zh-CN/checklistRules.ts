// Issue 17: checklist items the data decides, and the self-inspection report's written sections.

export const checklistRules = {
  figures: {
    reviewCoverage: '全面复核 {done}/{total}户（{percent}%）',
    homeVisitCoverage: '入户调查 {done}/{total}户（{percent}%）',
    problemsWithMeasure: '已拿出对策 {done}/{total}个问题',
    problemsWithPlan: '已定整改措施、责任人和时限 {done}/{total}个问题',
    ordersAnswered: '已报送整改情况 {done}/{total}份责令整改',
  },
  nothing: {
    reviewCoverage: '名册上暂无低保户',
    homeVisitCoverage: '名册上暂无低保户',
    problemsWithMeasure: '问题台账暂无问题',
    problemsWithPlan: '问题台账暂无问题',
    ordersAnswered: '暂无责令整改',
  },
  holds: '已达到（由系统按数据判定）',
  pending: '未达到：数据达到要求后自动完成，无需手动勾选',
  evidence: '佐证材料（{count}）',
  evidenceLabel: '{item}：佐证材料（{count}）',
} as const

export const selfInspection = {
  narrativeHeading: '自查报告正文',
  narrativeIntro: '正文已根据本村(居)的复核记录、问题台账和责令整改自动起草，请核对、修改后保存。保存后以保存的文字为准。',
  sections: {
    workDone: '一、工作开展情况',
    problemsFound: '二、发现的问题',
    measures: '三、整改措施',
    nextSteps: '四、下一步打算',
  },
  draftNote: '（系统起草，尚未保存）',
  savedBy: '最后保存：{name}，{time}',
  save: '保存报告正文',
  saved: '报告正文已保存。',
  tooLong: '每一部分不超过{max}字。',
  conflictTitle: '在您打开此页面之后，已有其他人修改了自查报告正文。',
  conflictIntro: '您的修改没有保存。下面列出对方改动的部分；表单已换成当前保存的文字，请核对后重新修改、保存。',
  print: '打印自查报告',
  docx: '下载自查报告（.docx）',
  printTitle: '{village}低保专项整治自查报告',
  printFigures: '主要数据',
  printBack: '返回自查报告',
  signature: '{village}（盖章）',
  submitBlocked: '暂不能提交：{reason}',
  figures: '报告数据',
  // the text builder's sentences (app/models/selfInspectionText.ts)
  text: {
    workDone:
      '按照镇党委、政府关于低保“人情保”“错保”专项整治的部署，本村(居)对名册上的{households}户低保对象逐户开展复核，核查家庭收入和财产状况。截至目前，已完成复核{reviewed}户，占{reviewPercent}%；入户调查{visited}户，占{visitPercent}%。',
    workDoneRest: '尚有{reviewLeft}户未完成复核、{visitLeft}户未入户调查，正在抓紧推进。',
    workDoneAll: '复核和入户调查均已全覆盖。',
    outcomes: '经复核，拟清退{exits}户，拟调整保障金额{adjusted}户，新纳入“漏保”对象{enrolled}户。',
    fraud: '查处骗保{cases}户，追回低保金{recovered}，罚款{fine}。',
    problemsNone: '本次自查未发现问题。',
    problems: '自查共发现问题{count}个，其中{categories}。',
    category: '{category}{count}个',
    orders: '督查组责令整改{count}项，已报送整改情况{answered}项，已通过验收{accepted}项。',
    measuresNone: '对自查情况将继续跟踪，发现问题立即登记、立即整改。',
    measures: '对发现的问题逐项登记问题台账，明确整改措施、责任人和整改时限。',
    measuresExits: '对不符合条件的对象按程序提出清退，应退尽退；',
    measuresAdjusted: '对保障金额不准的按核实的家庭收入调整；',
    measuresEnrolled: '对符合条件的困难家庭及时提出纳入申请，应保尽保；',
    measuresFraud: '对骗取低保金的追回违规资金并依法处理；',
    measuresOpen: '目前尚有{open}项正在整改，将按期整改到位。',
    measuresClosed: '问题均已整改到位。',
    nextSteps:
      '下一步，本村(居)将继续做好复核和入户调查的收尾工作，配合镇督查组开展检查督导，对督查指出的问题逐项整改；坚持低保对象长期公示，接受群众监督，巩固专项整治成果。',
  },
} as const
