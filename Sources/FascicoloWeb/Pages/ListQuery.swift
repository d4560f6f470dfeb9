import FascicoloCore
import FascicoloEngine
import FascicoloSchema

/// The pratiche list's query string, read into an engine `ListRequest`.
///
/// Filters are named after their field path with an `f.` prefix: `f.stato` (repeatable),
/// `f.data_apertura.da` / `f.data_apertura.a` for date and amount ranges, `f.gestori.gestore`
/// for a contact id, `f.procedura` for an option. `soggetto` is a contact in any role, `q` the
/// search text, `ordina` the sort key (`-` for descending), `pagina` and `per_pagina` the page.
/// `tipo=tutte` lists every type together, with the columns every pratica has.
struct ListQuery {
    /// The type the list shows; for the list across types, the one new pratiche start from.
    let type: PraticaType
    /// Whether the list covers every type (`tipo=tutte`).
    let allTypes: Bool
    let query: FormData
    /// The type the user's preference named when the list was asked for (read once, here).
    let rememberedType: String?
    static let pageSizes = [25, 50, 100]
    /// The value of `tipo` for the list across every type.
    static let allTypesValue = "tutte"
    /// The columns of the list across types: what every pratica has, and its type.
    static let commonColumns = ["protocollo", Engine.typeColumn, "stato", "nome_cartella", "creata", "aggiornata"]

    /// What a query without `tipo` shows: the type the user last listed (the pratiche list), or
    /// every type (the calendar).
    enum Default {
        case lastUsed
        case allTypes
    }

    init(query: FormData, engine: Engine, user: User, default fallback: Default = .lastUsed) throws {
        rememberedType = try engine.preference(Engine.lastTypePreference, user: user)
        var requested = query["tipo"]
        if requested == nil, fallback == .lastUsed { requested = rememberedType }
        allTypes = requested == Self.allTypesValue || (requested == nil && fallback == .allTypes)
        if let requested, !allTypes, let type = engine.project.type(requested) {
            self.type = type
        } else if let requested, !allTypes, query["tipo"] != nil {
            self.type = try engine.type(requested)
        } else {
            self.type = try engine.startingType(for: user)
        }
        self.query = query
    }

    /// The value of `tipo` this list stands for.
    var typeValue: String { allTypes ? Self.allTypesValue : type.id }

    var searchText: String? { query.text("q") }
    var sort: String {
        if let asked = query.text("ordina") { return asked }
        return allTypes ? "-creata" : (type.list.sort.descending ? "-" : "") + type.list.sort.key
    }
    var page: Int { max(1, Int(query["pagina"] ?? "") ?? 1) }
    var pageSize: Int { Int(query["per_pagina"] ?? "").flatMap { Self.pageSizes.contains($0) ? $0 : nil } ?? 50 }
    var contactId: Int64? { query.text("soggetto").flatMap { Int64($0) } }

    /// The engine request for one page (or for `page`/`pageSize` when exporting).
    func request(page: Int? = nil, pageSize: Int? = nil) -> ListRequest {
        var request = ListRequest(type: allTypes ? nil : type.id)
        request.filters = allTypes ? [] : filters
        request.contactId = contactId
        request.text = searchText
        request.sort = sort
        request.page = page ?? self.page
        request.pageSize = pageSize ?? self.pageSize
        return request
    }

    /// Every filter the query sets, in the engine's notation.
    var filters: [ListRequest.Filter] {
        var filters: [ListRequest.Filter] = []
        let states = query.all("f.stato").filter { !$0.isEmpty }
        if !states.isEmpty { filters.append(.init(field: "stato", expression: states.joined(separator: ","))) }
        for path in FilterCatalog(type: type).all.map(\.path) where path != "stato" {
            let from = query.text("f.\(path).da")
            let to = query.text("f.\(path).a")
            if from != nil || to != nil {
                filters.append(.init(field: path, expression: "\(from ?? "")..\(to ?? "")"))
            } else if let value = query.text("f.\(path)") {
                filters.append(.init(field: path, expression: value))
            }
        }
        return filters
    }

    /// The query string with some parameters replaced (nil removes), for links that keep the rest.
    func link(_ changes: [String: String?]) -> String {
        var copy = query
        for (name, value) in changes { copy.set(name, value) }
        let encoded = copy.encoded
        return encoded.isEmpty ? "/pratiche" : "/pratiche?\(encoded)"
    }
}

/// Which filters a type offers: the main panel (the list block's `filters`) and "Più filtri"
/// (every other field marked `filter`, including the sub-fields of filterable groups).
struct FilterCatalog {
    struct Entry {
        let path: String
        let label: String
        let kind: FieldKind?
    }

    let type: PraticaType

    var main: [Entry] { type.list.filters.compactMap(entry) }

    var more: [Entry] {
        let main = Set(type.list.filters)
        var paths = ["creata"]
        for field in type.fields where field.filter {
            if let group = field.kind.group {
                paths += group.fields.map { "\(field.id).\($0.id)" }.filter { path in
                    guard let sub = type.resolve(path: path)?.field, Self.isFilterable(sub.kind) else { return false }
                    if case .contact = sub.kind { return true }
                    return sub.kind.isDate || type.isIndexed(path: path)
                }
            } else if Self.isFilterable(field.kind) {
                paths.append(field.id)
            }
        }
        return paths.filter { !main.contains($0) }.compactMap(entry)
    }

    var all: [Entry] { main + more }

    private func entry(_ path: String) -> Entry? {
        if let builtin = BuiltinField(rawValue: path) { return Entry(path: path, label: builtin.label, kind: builtin == .creata ? .date : nil) }
        guard let (field, group) = type.resolve(path: path) else { return nil }
        return Entry(path: path, label: group.map { Self.label(field, in: $0) } ?? field.label, kind: field.kind)
    }

    /// `Udienza: Data`, or just `Gestore` when the sub-field is named like one row of its group.
    static func label(_ field: FieldDefinition, in group: FieldDefinition) -> String {
        guard let definition = group.kind.group else { return field.label }
        return field.label == definition.itemLabel ? field.label : "\(definition.itemLabel): \(field.label)"
    }

    private static func isFilterable(_ kind: FieldKind) -> Bool {
        switch kind {
        case .protocolNumber, .group, .time, .datetime: return false
        default: return true
        }
    }
}
