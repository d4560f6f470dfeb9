import FascicoloCore
import FascicoloSchema
import FascicoloStore

extension Engine {
    /// One page of the actor's pratiche matching the request, with the total count.
    /// `cached: false` for bulk reads (exports) that would only push interactive pages out.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func list(_ request: ListRequest, actor: Actor, cached: Bool = true) throws -> ListResult {
        guard cached else { return try uncachedList(request, actor: actor) }
        let generation = try store.generation()
        let key = ListCache.Key(request, actor: actor)
        if let hit = listCache.value(key, generation: generation) { return hit }
        let result = try uncachedList(request, actor: actor)
        listCache.store(result, key: key, generation: generation)
        return result
    }

    private func uncachedList(_ request: ListRequest, actor: Actor) throws -> ListResult {
        let query = try makeQuery(request, actor: actor)
        let page = try reading { try $0.list(query) }
        return ListResult(
            pratiche: try page.rows.map { row in makePratica(row, type: try type(row.type), viewer: actor) },
            total: page.total, page: request.page, pageSize: query.limit)
    }

    /// The days between `from` and `to` (inclusive) that have dates of the pratiche the request
    /// selects: how many each day has (in all and per field), and the first `perDay` of them. A
    /// month of a large archive is counted from the day index, not listed whole.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func calendar(from: CalendarDate, to: CalendarDate, request: ListRequest = ListRequest(), actor: Actor, perDay: Int = 200) throws
        -> [CalendarDay]
    {
        guard from <= to else { throw FascicoloError.invalidRequest("intervallo del calendario non valido: la data finale precede quella iniziale") }
        guard to.dayNumber - from.dayNumber <= 370 else {
            throw FascicoloError.invalidRequest("intervallo del calendario troppo ampio (al massimo un anno)")
        }
        guard (1...1_000).contains(perDay) else { throw FascicoloError.invalidRequest("voci per giorno: da 1 a 1000") }
        let query = try makeQuery(request, actor: actor)
        let scopeTypes = query.type.flatMap { project.type($0) }.map { [$0] } ?? project.types
        let hiddenFromShared = Set(scopeTypes.flatMap(\.sharedHiddenPaths))
        return try reading { reader in
            var counts: [String: [String: Int]] = [:]
            for count in try reader.calendarCounts(query, from: from.iso, to: to.iso) where !(count.shared && hiddenFromShared.contains(count.field))
            {
                counts[count.date, default: [:]][count.field, default: 0] += count.count
            }
            return try counts.keys.sorted().map { day in
                let entries = try reader.calendarDay(query, day: day, limit: perDay).compactMap { row in try calendarEntry(row, actor: actor) }
                return CalendarDay(
                    date: CalendarDate(parsing: day)!, total: counts[day]!.values.reduce(0, +), counts: counts[day]!, entries: entries)
            }
        }
    }

    /// A date of the calendar as the actor may see it: nil for a field hidden from an account the
    /// pratica is shared with; the group row's description left out when it is hidden.
    private func calendarEntry(_ row: CalendarRow, actor: Actor) throws -> CalendarEntry? {
        let type = try type(row.type)
        let shared = row.accountId != actor.accountId
        if shared && type.isHiddenFromShared(path: row.field) { return nil }
        let description = shared && type.isHiddenFromShared(path: CalendarLabels.descriptionPath(of: row.field)) ? nil : row.description
        return CalendarEntry(
            date: CalendarDate(parsing: row.date)!, praticaId: row.praticaId, praticaTitle: row.title, field: row.field,
            label: CalendarLabels.label(field: row.field, row: row.row, type: type, description: description))
    }

    /// Bounds that keep every query well inside SQLite's limits on expression size.
    static let maximumFilters = 50
    static let maximumSearchLength = 300

    func makeQuery(_ request: ListRequest, actor: Actor) throws -> PraticaQuery {
        var query = PraticaQuery(accountIds: [actor.accountId])
        if try reading({ try $0.receivesShares(actor.accountId) }) { query.sharedWith = [actor.accountId] }
        let type = try request.type.map { id throws(FascicoloError) in try self.type(id) }
        query.type = type?.id
        guard request.filters.count <= Self.maximumFilters else {
            throw FascicoloError.invalidRequest("troppi filtri: al massimo \(Self.maximumFilters)")
        }
        if let text = request.text, text.count > Self.maximumSearchLength {
            throw FascicoloError.invalidRequest("testo di ricerca troppo lungo: al massimo \(Self.maximumSearchLength) caratteri")
        }
        let translator = FilterTranslator(type: type, types: project.types)
        for filter in request.filters { try translator.apply(filter, to: &query) }
        if let contact = request.contactId { query.contactFilters.append(PraticaQuery.ContactFilter(field: nil, contactIds: [contact])) }
        if let text = request.text?.trimmingWhitespace(), !text.isEmpty {
            let search = SearchText(text)
            query.fullText = search.expression
            query.dateRanges += search.dateRanges
        }
        query.sort = try sort(request.sort, type: type)
        if !query.sharedWith.isEmpty { protectHiddenFields(&query, type: type) }
        guard (1...500).contains(request.pageSize), (1...1_000_000).contains(request.page) else {
            throw FascicoloError.invalidRequest("pagina non valida (da 1 a 500 pratiche per pagina)")
        }
        query.limit = request.pageSize
        query.offset = (request.page - 1) * request.pageSize
        query.limits = listLimits
        return query
    }

    /// Keeps the fields hidden from shared accounts out of what those accounts' lists reveal:
    /// filtering or sorting by such a field lists the account's own pratiche only; the search box
    /// matches a shared pratica on its visible text and dates only, and "Soggetto" on its visible
    /// contact fields only.
    private func protectHiddenFields(_ query: inout PraticaQuery, type: PraticaType?) {
        let types = type.map { [$0] } ?? project.types
        let hidden = Set(types.flatMap(\.sharedHiddenPaths))
        guard !hidden.isEmpty else { return }
        let sortField: String?
        switch query.sort.key {
        case .date(let field), .value(let field): sortField = field
        default: sortField = nil
        }
        let named =
            query.valueFilters.map(\.field) + query.dateRanges.filter { !$0.searchableOnly }.compactMap(\.field)
            + query.contactFilters.compactMap(\.field) + [sortField].compactMap { $0 }
        if named.contains(where: hidden.contains) {
            query.sharedWith = []
            return
        }
        let excluded = hidden.sorted()
        for index in query.dateRanges.indices where query.dateRanges[index].searchableOnly { query.dateRanges[index].excludedFields = excluded }
        for index in query.contactFilters.indices where query.contactFilters[index].field == nil {
            query.contactFilters[index].excludedFields = excluded
        }
        query.typesHidingFields = types.filter(\.hidesFieldsFromShared).map(\.id)
    }

    private func sort(_ text: String?, type: PraticaType?) throws -> PraticaQuery.Sort {
        let key = text.map(SortKey.init(parsing:)) ?? type?.list.sort ?? SortKey(key: "creata", descending: true)
        func fail() -> FascicoloError {
            .validation([FieldIssue(field: "ordina", message: "non si può ordinare per questo campo\(FieldIssue.quoted(key.key))")])
        }
        switch BuiltinField(rawValue: key.key) {
        case .creata: return .init(key: .created, descending: key.descending)
        case .aggiornata: return .init(key: .updated, descending: key.descending)
        case .stato: return .init(key: .state, descending: key.descending)
        case .anno: return .init(key: .year, descending: key.descending)
        case .nome_cartella: return .init(key: .folderName, descending: key.descending)
        case nil: break
        }
        // A top-level field of the type, or of every type that has it for a list across types.
        guard !key.key.contains("."), case .success(let scoped) = ScopedField.resolve(key.key, in: project.types, preferring: type) else {
            throw fail()
        }
        switch scoped.field.kind {
        case .protocolNumber: return .init(key: .protocolNumber, descending: key.descending)
        case .date: return .init(key: .date(scoped.path), descending: key.descending)
        case .group, .contact: throw fail()
        default:
            guard scoped.isIndexed else { throw fail() }
            return .init(key: .value(scoped.path), descending: key.descending)
        }
    }
}

/// One day of the calendar.
public struct CalendarDay: Sendable {
    public let date: CalendarDate
    /// How many dates the day has in all.
    public let total: Int
    /// How many per field path (`udienze.data`, `creata`).
    public let counts: [String: Int]
    /// The first of them (up to the number asked for), by pratica.
    public let entries: [CalendarEntry]
}

/// One date in the calendar: when, which pratica, and what the date is.
public struct CalendarEntry: Sendable, Hashable {
    public let date: CalendarDate
    public let praticaId: Int64
    /// The protocol, or the folder name when there is none.
    public let praticaTitle: String
    /// The field path (`udienze.data`, `creata`).
    public let field: String
    /// What happens that day, in Italian (`Udienza 2: comparizione parti`).
    public let label: String
}

/// Labels for calendar dates: the field's label, or a group row's item label with its description.
enum CalendarLabels {
    static func label(field path: String, row: Int, type: PraticaType, description: String?) -> String {
        if path == BuiltinField.creata.rawValue { return "Pratica creata" }
        guard let (field, group) = type.resolve(path: path) else { return path }
        guard let definition = group?.kind.group else { return field.label }
        var label = "\(definition.itemLabel) \(row)"
        if field.id != "data" { label += " – \(field.label)" }
        if let description, !description.isEmpty { label += ": \(description)" }
        return label
    }

    /// The path of the `descrizione` shown beside a group row's date (`udienze.descrizione`).
    static func descriptionPath(of path: String) -> String {
        String(path.prefix { $0 != "." }) + ".descrizione"
    }
}
