import Testing
import Search
import TerminalUI

/// The metrics panel of a budgeted search.
@Suite struct BudgetMetricsTests {
    static func frame(budget: BudgetReport?) -> String {
        var s = ExplorerState()
        s.apply(.started(Fixtures.smallDescription))
        s.apply(.phase(.searching))
        s.apply(.step(StepReport(step: 10, totalSteps: 100, phase: .searching, loss: 0.5, lossTerms: [:], temperature: 0.5,
                                 probabilities: Fixtures.smallProbabilities, stepsPerSecond: 10, elapsedSeconds: 1, budget: budget)))
        return ScreenRenderer.render(&s, width: 120, height: 40, theme: Theme(depth: .monochrome)).text
    }

    @Test func theExpectedCostBudgetAndMultiplierShowBesideTheProgress() {
        let text = Self.frame(budget: BudgetReport(metric: .size, expected: 3.1042, target: 3, multiplier: 0.52))
        #expect(text.contains("budget   3.104 bpw / 3.000 bpw"), "\(text)")
        #expect(text.contains("λ 0.52"))
        let bops = Self.frame(budget: BudgetReport(metric: .bops, expected: 1.25e8, target: 1e8, multiplier: 2))
        #expect(bops.contains("1.25e+08 BOPs / 1e+08 BOPs"), "\(bops)")
    }

    @Test func noBudgetNoLine() {
        #expect(!Self.frame(budget: nil).contains("budget"))
    }
}
