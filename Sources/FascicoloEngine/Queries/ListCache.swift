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
    private let entries = Mutex<[Key: Entry]>([:])

    init(capacity: Int = 64) { self.capacity = capacity }

    /// The page for `key` if it was read at `generation`.
    func value(_ key: Key, generation: Int) -> ListResult? {
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
    func store(_ result: ListResult, key: Key, generation: Int) {
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
    struct Key: Hashable {
        let accountId: Int64
        let type: String?
        let filters: [ListRequest.Filter]
        let contactId: Int64?
        let text: String?
        let sort: String?
        let page: Int
        let pageSize: Int

        init(_ request: ListRequest, actor: Actor) {
            accountId = actor.accountId
            type = request.type
            filters = request.filters
            contactId = request.contactId
            text = request.text
            sort = request.sort
            page = request.page
            pageSize = request.pageSize
        }
    }
}
