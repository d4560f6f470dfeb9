import FascicoloCore
import FascicoloSchema
import FascicoloStore

extension Engine {
    /// Indexes again the pratiche of every type whose fields hidden from shared accounts changed
    /// since they were indexed, and records the new lists: once a field is hidden, the shared
    /// search (and the shared date index) no longer finds its text. Runs when an engine opens a
    /// data folder. A type seen for the first time is recorded as it is (its pratiche were
    /// indexed by this version or by one without the record). Returns how many were indexed.
    @discardableResult
    func refreshSharedIndexes() throws -> Int {
        let recorded = try reading { try $0.indexedVisibility() }
        var reindexed = 0
        for type in project.types {
            let current = type.sharedHiddenPaths.joined(separator: ",")
            guard recorded[type.id] != current else { continue }
            if recorded[type.id] != nil {
                let ids = try reading { try $0.praticaIds(ofType: type.id) }
                for start in stride(from: 0, to: ids.count, by: 500) {
                    try writing { writer in
                        for id in ids[start..<min(start + 500, ids.count)] {
                            guard let row = try writer.reader.pratica(id: id) else { continue }
                            let snapshot = PraticaSnapshot(
                                type: type, row: row, document: decode(row, type: type),
                                actor: Actor(accountId: row.accountId, name: "indicizzazione"))
                            try writer.reindexPratica(id: id, index: try makeIndex(snapshot, reader: writer.reader))
                        }
                    }
                }
                reindexed += ids.count
            }
            try writing { try $0.recordVisibility(type: type.id, hiddenPaths: current) }
        }
        return reindexed
    }
}
