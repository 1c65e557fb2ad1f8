import Foundation
import Testing
import Search

@Suite("Periodic snapshots")
struct SnapshotScheduleTests {
    let start = Date(timeIntervalSince1970: 1_000_000)

    @Test("by steps: due once N steps passed since the last snapshot")
    func bySteps() {
        let s = SnapshotSchedule(everySteps: 5)
        #expect(!s.isDue(step: 4, lastStep: 0, lastTime: start, now: start.addingTimeInterval(1000)))
        #expect(s.isDue(step: 5, lastStep: 0, lastTime: start, now: start))
        #expect(!s.isDue(step: 9, lastStep: 5, lastTime: start, now: start))
    }

    @Test("by seconds: due once S seconds passed, and only after a new step")
    func bySeconds() {
        let s = SnapshotSchedule(everySeconds: 60)
        #expect(!s.isDue(step: 3, lastStep: 0, lastTime: start, now: start.addingTimeInterval(59)))
        #expect(s.isDue(step: 3, lastStep: 0, lastTime: start, now: start.addingTimeInterval(60)))
        #expect(!s.isDue(step: 3, lastStep: 3, lastTime: start, now: start.addingTimeInterval(600)))
    }

    @Test("never: no periodic snapshot")
    func never() {
        #expect(!SnapshotSchedule.never.isDue(step: 1000, lastStep: 0, lastTime: start, now: start.addingTimeInterval(1e6)))
    }
}
