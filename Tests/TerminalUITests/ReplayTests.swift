import Foundation
import Search
import Testing
import TerminalUI

@Suite struct ReplayTests {
    static func recording(steps: Int) -> [SearchEvent] {
        var events: [SearchEvent] = [.started(Fixtures.smallDescription)]
        for n in 1...steps {
            events.append(.step(StepReport(step: n, totalSteps: steps, phase: .searching, loss: 1, lossTerms: [:],
                                           temperature: 1, probabilities: Fixtures.smallProbabilities,
                                           stepsPerSecond: 50, elapsedSeconds: Double(n) * 0.02)))
        }
        events.append(.finished(SearchSummary(weightChoices: [1, 2, 0], activationChoices: [1, 0, 2], evaluations: [], snapshotPath: "x.json")))
        return events
    }

    @Test func recordingRoundTripsThroughJSONLines() throws {
        let events = Self.recording(steps: 3)
        let data = try EventRecording.encode(events)
        #expect(data.split(separator: UInt8(ascii: "\n")).count == events.count)
        #expect(try EventRecording.decode(data) == events)
    }

    @Test func badLineIsReportedWithItsNumber() throws {
        var data = try EventRecording.encode(Self.recording(steps: 1))
        data.append(contentsOf: Array("{\"nope\":1}\n".utf8))
        #expect(throws: EventRecording.Error.self) { try EventRecording.decode(data) }
        do { _ = try EventRecording.decode(data) } catch let e as EventRecording.Error {
            if case .badLine(let n, _) = e { #expect(n == 4) } else { Issue.record("wrong error \(e)") }
        }
    }

    @Test func stopJumpsToTheRecordedEnd() async {
        let replay = EventReplay(Self.recording(steps: 200), speed: 1)
        replay.start()
        var seen: [SearchEvent] = []
        for await e in replay.events {
            seen.append(e)
            if seen.count == 3 {
                replay.send(.pin(layer: 1, pin: LayerPin(weight: 2)))
                replay.send(.stop)
            }
        }
        #expect(seen.last?.isTerminal == true)
        #expect(seen.count < 100)
        #expect(seen.contains(.message("replay: ignored pin layer 1 w=2")))
        #expect(seen.contains(.message("replay: stopped early")))
    }

    @Test func pauseHoldsPlaybackUntilResume() async throws {
        let replay = EventReplay(Self.recording(steps: 50), speed: 1)
        replay.start()
        var iterator = replay.events.makeAsyncIterator()
        _ = await iterator.next()
        replay.send(.pause)
        var afterPause: [SearchEvent] = []
        // Events already in flight may arrive; then nothing until resume.
        while let e = await iterator.next() {
            afterPause.append(e)
            if e == .paused { break }
        }
        try await Task.sleep(for: .milliseconds(300))
        replay.send(.resume)
        var rest: [SearchEvent] = []
        while let e = await iterator.next() { rest.append(e) }
        #expect(afterPause.count <= 3)
        #expect(rest.first == .resumed)
        #expect(rest.last?.isTerminal == true)
    }
}
