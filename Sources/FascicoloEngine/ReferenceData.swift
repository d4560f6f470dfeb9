import FascicoloCore
import Foundation

/// The reference tables of `data/` the engine itself needs (comuni for addresses), read lazily once.
public final class ReferenceData: Sendable {
    /// A comune with its province and postal codes.
    public struct Comune: Sendable, Hashable {
        public let istat: String
        public let name: String
        public let province: String
        public let belfiore: String
        public let caps: [String]
    }

    /// The comuni, and the same indexed by ISTAT code and by lower-case name.
    private struct Comuni: Sendable {
        var all: [Comune] = []
        var byISTAT: [String: Comune] = [:]
        var byName: [String: [Comune]] = [:]
    }

    private let comuniTable: Lazy<Comuni>

    init(root: URL) {
        let path = root.appendingPathComponent("data/comuni.csv").path
        comuniTable = Lazy {
            guard let data = FileManager.default.contents(atPath: path),
                let table = try? CSVTable(text: String(decoding: data, as: UTF8.self))
            else { return Comuni() }
            var comuni = Comuni()
            for record in table.records() {
                let comune = Comune(
                    istat: record["codice_istat"] ?? "", name: record["denominazione_it"] ?? "",
                    province: record["sigla_provincia"] ?? "", belfiore: record["codice_catastale"] ?? "",
                    caps: (record["cap"] ?? "").split(separator: "|").map(String.init))
                comuni.all.append(comune)
                comuni.byISTAT[comune.istat] = comune
                comuni.byName[comune.name.lowercased(), default: []].append(comune)
            }
            return comuni
        }
    }

    /// Every current comune.
    public var comuni: [Comune] { comuniTable.value.all }

    /// The comune with this ISTAT code, or whose name matches (ignoring case), optionally in a province.
    public func comune(_ text: String, province: String? = nil) -> Comune? {
        let wanted = text.trimmingWhitespace()
        let table = comuniTable.value
        let matches = table.byISTAT[wanted].map { [$0] } ?? table.byName[wanted.lowercased()] ?? []
        if let province { return matches.first { $0.province == province.uppercased() } }
        return matches.count == 1 ? matches[0] : nil
    }
}

/// A value computed on first use, safely from any thread.
final class Lazy<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var cached: T?
    private let make: @Sendable () -> T

    init(_ make: @escaping @Sendable () -> T) { self.make = make }

    var value: T {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let made = make()
        cached = made
        return made
    }
}
