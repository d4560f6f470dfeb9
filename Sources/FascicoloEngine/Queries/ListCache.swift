import Synchronization

/// The last list pages computed, each valid for the database generation it was read at.
///
/// Office staff go back to the same list again and again (after each save, paging back and
/// forth, several people on the same filters); a page is reused only while no transaction has
/// been committed anywhere since it was read (`Store.generation()`), so a write by another user
/// or another process is always seen on the next request.
final class ListCache: Sendable {
    private struct Entry {
        let generation: Int
        let result: ListResult
    }

    private let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(capacity: Int = 64) { self.capacity = capacity }

    /// The page for `key` if it was read at `generation`.
    func value(_ key: String, generation: Int) -> ListResult? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.generation == generation else {
                entries[key] = nil
                return nil
            }
            return entry.result
        }
    }

    /// Keeps a page read at `generation`; a full cache drops the pages of older generations first,
    /// then everything (the cache is small and refills at the next requests).
    func store(_ result: ListResult, key: String, generation: Int) {
        guard capacity > 0 else { return }
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.generation == generation }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = Entry(generation: generation, result: result)
        }
    }

    /// Everything that decides a page: who asks and every part of the request.
    static func key(_ request: ListRequest, actor: Actor) -> String {
        var key = "\(actor.accountId)\u{1}\(request.type ?? "")\u{1}\(request.contactId.map(String.init) ?? "")\u{1}"
        key += "\(request.text ?? "")\u{1}\(request.sort ?? "")\u{1}\(request.page)\u{1}\(request.pageSize)"
        for filter in request.filters { key += "\u{1}\(filter.field)=\(filter.expression)" }
        return key
    }
}
