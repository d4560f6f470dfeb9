import FascicoloCore
import FascicoloSchema

/// One input of the pratica form, shaped for the `field` template: its control by field type,
/// its current text, its error, and whether it is read-only (shown grey, not sent back).
struct FieldView {
    let domId: String
    let name: String
    let label: String
    let help: String?
    let error: String?
    let required: Bool
    let readOnly: Bool
    let value: String
    var inputType = "text"
    var inputMode: String?
    var suffix: String?
    var isInput = false
    var isLongText = false
    /// The `<option>`s of a select, or of the suggestions of a searchable list, already escaped.
    var optionsHTML: String?
    var searchListHTML: String?
    var contact: ContactControl?
    var isProtocol = false
    var group: GroupView?
    // Stored flags: Mustache reads stored properties only.
    var isSelect = false
    var hasSearchList = false
    var isMoney = false
    var isContact = false
    var isGroup = false

    /// Long option lists (the 140 tribunali) become a text input with suggestions, searchable by name.
    static func usesSearchList(_ options: EnumOptions) -> Bool { options.options.count > 30 }
}

/// A repeatable group: its rows, an empty row to copy when adding, and the ceiling.
struct GroupView {
    let rows: [GroupRowView]
    let template: GroupRowView
    let itemLabel: String
    let max: Int
    let canAdd: Bool
    let nextIndex: Int
}

struct GroupRowView {
    let index: String
    let number: String
    let fields: [FieldView]
}

/// Builds the form's fields from a type, the input texts and the issues of a refused save.
struct FieldViewBuilder {
    let type: PraticaType
    let values: FormValues
    let issues: [String: String]
    let readOnly: Set<String>
    let allReadOnly: Bool
    /// The viewer's account receives the pratica as a share: only `access: {shared: edit}` fields are open.
    let sharedViewer: Bool
    /// Display names of the contacts the form links, by id.
    let contactNames: [Int64: String]

    /// Whether the viewer sees the field at all (a shared account does not see hidden fields).
    func shows(_ field: FieldDefinition) -> Bool {
        !sharedViewer || field.access.shared != .hidden
    }

    func view(_ field: FieldDefinition) -> FieldView {
        let locked = allReadOnly || readOnly.contains(field.id) || (sharedViewer && !field.sharedEdit)
        guard let group = field.kind.group else {
            return scalar(
                field, name: "f.\(field.id)", domId: "campo-\(field.id)", value: values.scalars[field.id] ?? "",
                error: issues[field.id], readOnly: locked)
        }
        var rows = values.groups[field.id] ?? []
        if !locked, rows.count < group.min { rows += Array(repeating: [:], count: group.min - rows.count) }
        func row(_ index: String, _ number: String, _ texts: [String: String], issuePrefix: String?) -> GroupRowView {
            GroupRowView(
                index: index, number: number,
                fields: group.fields.filter { !sharedViewer || $0.access.shared != .hidden }.map { sub in
                    scalar(
                        sub, name: "g.\(field.id).\(index).\(sub.id)", domId: "campo-\(field.id)-\(index)-\(sub.id)",
                        value: texts[sub.id] ?? "", error: issuePrefix.flatMap { issues["\($0).\(sub.id)"] },
                        readOnly: locked && !(sharedViewer && sub.sharedEdit && !allReadOnly && !readOnly.contains(field.id)))
                })
        }
        let groupView = GroupView(
            rows: rows.enumerated().map { row(String($0 + 1), String($0 + 1), $1, issuePrefix: "\(field.id)[\($0 + 1)]") },
            template: row("__N__", "", [:], issuePrefix: nil),
            itemLabel: group.itemLabel, max: group.max ?? 1000,
            canAdd: !locked && rows.count < (group.max ?? 1000), nextIndex: rows.count + 1)
        var view = FieldView(
            domId: "campo-\(field.id)", name: "g.\(field.id)", label: field.label, help: field.help,
            error: issues[field.id], required: group.min > 0, readOnly: locked, value: "")
        view.group = groupView
        view.isGroup = true
        return view
    }

    private func scalar(_ field: FieldDefinition, name: String, domId: String, value: String, error: String?, readOnly: Bool) -> FieldView {
        var view = FieldView(
            domId: domId, name: name, label: field.label, help: field.help, error: error, required: field.required,
            readOnly: readOnly, value: value)
        switch field.kind {
        case .longtext:
            view.isLongText = true
        case .enumeration(let options):
            let choices = options.options.map { OptionView(value: $0.value, label: $0.label, selected: $0.value == value) }
            if FieldView.usesSearchList(options) {
                view.isInput = true
                view.searchListHTML = OptionsHTML.suggestions(choices)
                view.hasSearchList = true
            } else {
                view.optionsHTML = OptionsHTML.select([OptionView(value: "", label: "—", selected: value.isEmpty)] + choices)
                view.isSelect = true
            }
        case .boolean:
            view.optionsHTML = OptionsHTML.select([
                OptionView(value: "", label: "—", selected: value.isEmpty), OptionView(value: "sì", label: "Sì", selected: value == "sì"),
                OptionView(value: "no", label: "No", selected: value == "no"),
            ])
            view.isSelect = true
        case .contact(let role):
            let id = Int64(value)
            view.isContact = true
            view.contact = ContactControl(
                id: value, displayName: id.map { contactNames[$0] ?? "Contatto n. \($0)" } ?? "", role: role?.rawValue ?? "")
        default:
            view.isInput = true
            view.isProtocol = { if case .protocolNumber = field.kind { true } else { false } }()
            (view.inputType, view.inputMode, view.suffix) = Self.input(for: field.kind)
            view.isMoney = view.suffix == "€"
        }
        return view
    }

    private static func input(for kind: FieldKind) -> (String, String?, String?) {
        switch kind {
        case .date: return ("date", nil, nil)
        case .datetime: return ("datetime-local", nil, nil)
        case .time: return ("time", nil, nil)
        case .money: return ("text", "decimal", "€")
        case .percent: return ("text", "decimal", "%")
        case .integer, .praticaLink: return ("text", "numeric", nil)
        case .email, .pec: return ("email", nil, nil)
        case .phone: return ("tel", nil, nil)
        default: return ("text", nil, nil)
        }
    }

    /// Issues keyed as the builder looks them up: `campo`, `gruppo`, `gruppo[2].sottocampo`.
    static func index(_ issues: [FieldIssue]) -> [String: String] {
        issues.reduce(into: [:]) { result, issue in
            result[issue.field] = result[issue.field].map { "\($0); \(issue.message)" } ?? issue.message
        }
    }
}
