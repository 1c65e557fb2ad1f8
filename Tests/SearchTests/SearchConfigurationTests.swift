import Foundation
import Testing
import Search
import Tasks

@Suite("Search configuration")
struct SearchConfigurationTests {
    @Test("a configuration recorded before the SR objective existed decodes as L1")
    func oldSnapshotsMeanL1() throws {
        var config = SearchConfiguration(model: "edsr-x2")
        #expect(config.srDistillation == .lumaMSE)
        config.srDistillation = nil
        let json = try JSONEncoder().encode(config)
        let dict = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(dict["srDistillation"] == nil)
        let decoded = try JSONDecoder().decode(SearchConfiguration.self, from: json)
        #expect(decoded.srDistillation == nil)
    }
}
