import FascicoloCore
import FascicoloSchema
import FascicoloStore
import Foundation

/// Translates user filters (by field name, in the field's own notation) into a `PraticaQuery`.
/// `type` is the list's type (`tipo`), if any; `types` are all the loaded types, so that a list
/// across types filters every type that declares a field.
struct FilterTranslator {
    let type: PraticaType?
    let types: [PraticaType]

    func apply(_ filter: ListRequest.Filter, to query: inout PraticaQuery) throws(FascicoloError) {
        let expression = filter.expression
        func fail(_ message: String) -> FascicoloError { .validation([FieldIssue(field: FieldIssue.safeName(filter.field), message: message)]) }
        switch BuiltinField(rawValue: filter.field) {
        case .stato:
            let states = FilterSyntax.items(expression)
            if let unknown = states.first(where: { state in !(type.map { [$0] } ?? types).contains { $0.state(state) != nil } }) {
                throw fail("stato sconosciuto\(FieldIssue.quoted(unknown))")
            }
            query.states += states
            return
        case .anno:
            guard let range = FilterSyntax.range(expression, parse: { Int($0) }) else { throw fail("anno non valido: scrivere 2025 o 2024..2025") }
            query.yearFrom = range.from
            query.yearTo = range.to
            return
        case .creata:
            query.dateRanges.append(try dateRange(expression, field: BuiltinField.creata.rawValue, fail: fail))
            return
        case .aggiornata, .nome_cartella:
            throw fail("campo non filtrabile: usare la ricerca o l'ordinamento")
        case nil:
            break
        }
        let scoped: ScopedField
        switch ScopedField.resolve(filter.field, in: types, preferring: type) {
        case .success(let found): scoped = found
        case .failure(.unknown): throw fail("campo sconosciuto")
        case .failure(.differentKinds): throw fail("il campo ha un tipo diverso nelle tipologie: indicare la tipologia")
        }
        let field = scoped.field
        if case .date = field.kind {
            query.dateRanges.append(try dateRange(expression, field: filter.field, fail: fail))
            return
        }
        if case .contact = field.kind {
            let ids = FilterSyntax.items(expression).compactMap { Int64($0) }
            guard !ids.isEmpty else { throw fail("indicare il numero del contatto") }
            query.contactFilters.append(PraticaQuery.ContactFilter(field: filter.field, contactIds: ids))
            return
        }
        if case .protocolNumber = field.kind { throw fail("campo non filtrabile: cercare il protocollo nella ricerca") }
        guard scoped.isIndexed else { throw fail("campo non filtrabile") }
        query.valueFilters.append(PraticaQuery.ValueFilter(field: filter.field, match: try match(expression, field: scoped, fail: fail)))
    }

    /// A value's match; `field`'s declarations are tried in turn, so that an option one type
    /// lists and another does not still filters the type that lists it.
    private func match(_ expression: String, field: ScopedField, fail: (String) -> FascicoloError) throws(FascicoloError)
        -> PraticaQuery.ValueFilter.Match
    {
        let coercion = FieldCoercion(today: CalendarDate(year: 2000, month: 1, day: 1)!)
        func value(_ text: String) -> IndexValue? {
            for declaration in field.declarations {
                if case .success(let canonical) = coercion.coerce(.text(text), for: declaration.field) { return PraticaIndexer.indexValue(canonical) }
            }
            return nil
        }
        switch field.field.kind {
        case .integer, .money, .percent:
            guard let range = FilterSyntax.range(expression, parse: value) else {
                throw fail("intervallo non valido: scrivere ad esempio 1000..5000")
            }
            return .range(from: range.from, to: range.to)
        case .text, .longtext, .email, .pec, .phone, .codiceFiscale, .partitaIVA:
            return .contains(expression)
        default:
            let values = FilterSyntax.items(expression).map { value($0) }
            guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else { throw fail(Wording.valueNotAllowed) }
            return .anyOf(values.compactMap { $0 })
        }
    }

    private func dateRange(_ expression: String, field: String, fail: (String) -> FascicoloError) throws(FascicoloError) -> PraticaQuery.DateRange {
        if expression.contains("..") {
            guard let range = FilterSyntax.range(expression, parse: CalendarDate.init(parsing:)) else {
                throw fail("intervallo di date non valido: scrivere gg/mm/aaaa..gg/mm/aaaa")
            }
            return PraticaQuery.DateRange(field: field, from: range.from?.iso, to: range.to?.iso)
        }
        let search = SearchText(expression)
        if let single = search.dateRanges.first, search.dateRanges.count == 1, search.expression == nil {
            return PraticaQuery.DateRange(field: field, from: single.from, to: single.to)
        }
        if let year = Int(expression), (1900...9999).contains(year) {
            return PraticaQuery.DateRange(field: field, from: "\(year)-01-01", to: "\(year)-12-31")
        }
        throw fail("data non valida: scrivere gg/mm/aaaa, mm/aaaa, aaaa o un intervallo con ..")
    }
}
