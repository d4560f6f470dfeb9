import FascicoloCore
import FascicoloEngine
import FascicoloSchema

/// One control of the filter panel, shaped for the template.
struct FilterControl {
    let name: String
    let label: String
    let domId: String
    var states: [OptionView]?
    /// The `<option>`s of a select, already escaped.
    var optionsHTML: String?
    var range: RangeControl?
    var contact: ContactControl?
    var text: String?
    let isActive: Bool
    // Stored flags: Mustache reads stored properties only.
    var isStates = false
    var isSelect = false
    var isText = false

    init(
        name: String, label: String, domId: String, states: [OptionView]? = nil, options: [OptionView]? = nil, range: RangeControl? = nil,
        contact: ContactControl? = nil, text: String? = nil, isActive: Bool
    ) {
        self.name = name
        self.label = label
        self.domId = domId
        self.states = states
        self.optionsHTML = options.map(OptionsHTML.select)
        self.range = range
        self.contact = contact
        self.text = text
        self.isActive = isActive
        self.isStates = states != nil
        self.isSelect = options != nil
        self.isText = text != nil
    }
}

struct RangeControl {
    let inputType: String
    let from: String
    let to: String
    let fromName: String
    let toName: String
}

/// A contact chosen through the picker: the id travels in a hidden input, the name is shown.
struct ContactControl {
    let id: String
    let displayName: String
    let role: String
    let hasContact: Bool

    init(id: String, displayName: String, role: String) {
        self.id = id
        self.displayName = displayName
        self.role = role
        self.hasContact = !id.isEmpty
    }
}

/// Builds the filter panel controls from a type and the current query.
struct FilterPanel {
    let listQuery: ListQuery
    let engine: Engine
    let actor: Actor

    func controls(_ entries: [FilterCatalog.Entry]) -> [FilterControl] {
        entries.map(control)
    }

    private func control(_ entry: FilterCatalog.Entry) -> FilterControl {
        let query = listQuery.query
        let name = "f.\(entry.path)"
        let domId = "filtro-" + entry.path.replacingOccurrences(of: ".", with: "-")
        if entry.path == BuiltinField.stato.rawValue {
            let chosen = Set(query.all(name))
            return FilterControl(
                name: name, label: entry.label, domId: domId,
                states: listQuery.type.states.map { OptionView(value: $0.id, label: $0.label, selected: chosen.contains($0.id)) },
                isActive: !chosen.isEmpty)
        }
        switch entry.kind {
        case .date?, .money?, .integer?, .percent?:
            let isDate = entry.kind?.isDate ?? false
            let from = query["\(name).da"] ?? ""
            let to = query["\(name).a"] ?? ""
            return FilterControl(
                name: name, label: entry.label, domId: domId,
                range: RangeControl(
                    inputType: isDate ? "date" : "text", from: from, to: to,
                    fromName: "\(name).da", toName: "\(name).a"),
                isActive: !from.isEmpty || !to.isEmpty)
        case .enumeration(let options)?:
            let chosen = query[name] ?? ""
            return FilterControl(
                name: name, label: entry.label, domId: domId,
                options: options.options.map { OptionView(value: $0.value, label: $0.label, selected: $0.value == chosen) },
                isActive: !chosen.isEmpty)
        case .boolean?:
            let chosen = query[name] ?? ""
            return FilterControl(
                name: name, label: entry.label, domId: domId,
                options: [
                    OptionView(value: "sì", label: "Sì", selected: chosen == "sì"),
                    OptionView(value: "no", label: "No", selected: chosen == "no"),
                ],
                isActive: !chosen.isEmpty)
        case .contact(let role)?:
            return FilterControl(
                name: name, label: entry.label, domId: domId, contact: contactControl(query[name], role: role?.rawValue),
                isActive: !(query[name] ?? "").isEmpty)
        default:
            let text = query[name] ?? ""
            return FilterControl(name: name, label: entry.label, domId: domId, text: text, isActive: !text.isEmpty)
        }
    }

    /// The "soggetto" filter: a contact in any role.
    func subject() -> FilterControl {
        let value = listQuery.query["soggetto"]
        return FilterControl(
            name: "soggetto", label: "Soggetto (in qualsiasi ruolo)", domId: "filtro-soggetto",
            contact: contactControl(value, role: nil), isActive: !(value ?? "").isEmpty)
    }

    private func contactControl(_ value: String?, role: String?) -> ContactControl {
        guard let value, let id = Int64(value) else { return ContactControl(id: "", displayName: "", role: role ?? "") }
        let name = (try? engine.contact(id: id, actor: actor).displayName) ?? "Contatto n. \(id)"
        return ContactControl(id: value, displayName: name, role: role ?? "")
    }
}
