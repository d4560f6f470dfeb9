import Foundation
import FascicoloCore

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

    private let comuniTable: Lazy<[Comune]>

    init(root: URL) {
        let path = root.appendingPathComponent("data/comuni.csv").path
        comuniTable = Lazy {
            guard let data = FileManager.default.contents(atPath: path),
                  let table = try? CSVTable(text: String(decoding: data, as: UTF8.self)) else { return [] }
            return table.records().map {
                Comune(istat: $0["codice_istat"] ?? "", name: $0["denominazione_it"] ?? "", province: $0["sigla_provincia"] ?? "",
                       belfiore: $0["codice_catastale"] ?? "", caps: ($0["cap"] ?? "").split(separator: "|").map(String.init))
            }
        }
    }

    /// Every current comune.
    public var comuni: [Comune] { comuniTable.value }

    /// The comune with this ISTAT code, or whose name matches (ignoring case), optionally in a province.
    public func comune(_ text: String, province: String? = nil) -> Comune? {
        let wanted = text.trimmingWhitespace().lowercased()
        let matches = comuni.filter { $0.istat == wanted || $0.name.lowercased() == wanted }
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
