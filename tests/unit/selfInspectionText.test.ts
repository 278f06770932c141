// The self-inspection report's draft, written from its figures as a cadre would (issue 17).
import { describe, expect, it } from 'vitest'
import { draftNarrative, reportFigureRows, type NarrativeFigures } from '../../app/models/selfInspectionText'

const none = { favour: 0, connection: 0, wrongful: 0, missed: 0, fraud: 0, irregular: 0, falseNotice: 0, paymentMismatch: 0 }

const figures = (over: Partial<NarrativeFigures> = {}): NarrativeFigures => ({
  households: 71,
  reviewed: 53,
  homeVisited: 50,
  problems: 0,
  problemsByCategory: { ...none },
  openProblems: 0,
  exits: 0,
  adjusted: 0,
  newEnrolments: 0,
  fraudCases: 0,
  fraudRecoveredFen: 0,
  fraudFineFen: 0,
  orders: 0,
  ordersAnswered: 0,
  ordersAccepted: 0,
  ...over,
})

describe('the drafted report', () => {
  it('states the coverage with the floored percentage and what is left to do', () => {
    const text = draftNarrative(figures())
    expect(text.workDone).toContain('71户')
    expect(text.workDone).toContain('已完成复核53户，占74.6%')
    expect(text.workDone).toContain('入户调查50户，占70.4%')
    expect(text.workDone).toContain('尚有18户未完成复核、21户未入户调查')
  })

  it('says coverage is complete once every household is reviewed and visited', () => {
    expect(draftNarrative(figures({ reviewed: 71, homeVisited: 71 })).workDone).toContain('均已全覆盖')
  })

  it('lists the problems by category, the orders, and the measures still open', () => {
    const text = draftNarrative(
      figures({
        problems: 5,
        problemsByCategory: { ...none, favour: 2, wrongful: 3 },
        openProblems: 2,
        exits: 2,
        adjusted: 1,
        fraudCases: 1,
        fraudRecoveredFen: 360000,
        fraudFineFen: 50000,
        orders: 2,
        ordersAnswered: 2,
        ordersAccepted: 1,
      }),
    )
    expect(text.problemsFound).toBe('自查共发现问题5个，其中人情保2个，错保3个。督查组责令整改2项，已报送整改情况2项，已通过验收1项。')
    expect(text.workDone).toContain('拟清退2户，拟调整保障金额1户')
    expect(text.workDone).toContain('追回低保金3,600.00元，罚款500.00元')
    expect(text.measures).toContain('明确整改措施、责任人和整改时限')
    expect(text.measures).toContain('应退尽退')
    expect(text.measures).toContain('目前尚有3项正在整改')
  })

  it('writes a report without findings plainly, without inventing measures', () => {
    const text = draftNarrative(figures({ reviewed: 71, homeVisited: 71 }))
    expect(text.problemsFound).toBe('本次自查未发现问题。')
    expect(text.measures).not.toContain('应退尽退')
    expect(text.nextSteps).toContain('下一步')
  })

  it('gives the page, print view and .docx the same figure rows', () => {
    const rows = reportFigureRows(figures({ fraudRecoveredFen: 123456 }))
    expect(rows[0]).toEqual(['低保户总数（原名册）', '71'])
    expect(rows.find(([label]) => label === '追回低保金')?.[1]).toBe('¥1,234.56')
  })
})
