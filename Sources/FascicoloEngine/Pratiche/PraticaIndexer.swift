import FascicoloCore
import FascicoloSchema
import FascicoloStore

/// Derives the index rows of a pratica (dates, filter values, contact links, search text) from its
/// document and its type, so that they are rebuilt in the same transaction as every write.
struct PraticaIndexer {
    let type: PraticaType
    /// Display names and codici fiscali of the linked contacts, for full-text search.
    let contactText: [Int64: String]

    func index(fields: [String: Value], createdOn: String, folderName: String, protocolText: String?) -> PraticaIndex {
        index(fields: fields, createdOn: createdOn).findable(with: [folderName, protocolText ?? ""])
    }

    /// The index rows of the fields alone (the folder name and protocol are added to the search
    /// text by `PraticaIndex.findable(with:)`, once they are known).
    func index(fields: [String: Value], createdOn: String) -> PraticaIndex {
        var index = PraticaIndex()
        index.dates.append((field: BuiltinField.creata.rawValue, row: 0, date: createdOn, searchable: true))
        var words = Words(all: [])
        for field in type.fields {
            guard let value = fields[field.id] else { continue }
            if let group = field.kind.group {
                for (offset, row) in (value.listValue ?? []).enumerated() {
                    guard let record = row.recordValue else { continue }
                    for sub in group.fields {
                        guard let subValue = record[sub.id] else { continue }
                        let path = "\(field.id).\(sub.id)"
                        words.hidden = type.isHiddenFromShared(path: path)
                        add(subValue, of: sub, path: path, row: offset + 1, indexed: type.isIndexed(path: path), to: &index, words: &words)
                    }
                }
            } else {
                words.hidden = field.access.shared == .hidden
                add(value, of: field, path: field.id, row: 0, indexed: type.isIndexed(path: field.id), to: &index, words: &words)
            }
        }
        index.searchText = words.all.filter { !$0.isEmpty }.joined(separator: " ")
        if type.hidesFieldsFromShared { index.sharedSearchText = words.shared.filter { !$0.isEmpty }.joined(separator: " ") }
        return index
    }

    /// The search words of a pratica: all of them, and those an account it is shared with may
    /// search (without the values of hidden fields).
    private struct Words {
        var all: [String]
        var shared: [String]
        /// Whether the words being added belong to a hidden field.
        var hidden = false

        init(all: [String]) {
            self.all = all
            self.shared = all
        }

        mutating func append(_ word: String) {
            all.append(word)
            if !hidden { shared.append(word) }
        }
    }

    private func add(
        _ value: Value, of field: FieldDefinition, path: String, row: Int, indexed: Bool,
        to index: inout PraticaIndex, words: inout Words
    ) {
        switch value {
        case .date(let date):
            index.dates.append((field: path, row: row, date: date.iso, searchable: field.search))
            return
        case .reference(let id):
            index.contacts.append((field: path, row: row, contactId: id))
            if field.search, let text = contactText[id] { words.append(text) }
            return
        default:
            break
        }
        if indexed, let indexValue = Self.indexValue(value) { index.values.append((field: path, row: row, value: indexValue)) }
        guard field.search else { return }
        if case .enumeration(let options) = field.kind, let code = value.textValue {
            words.append(options.label(for: code) ?? code)
        } else if case .text(let text) = value {
            words.append(text)
        }
    }

    /// The comparable form of a value: cents for money, hundredths for decimals, 0/1 for booleans.
    static func indexValue(_ value: Value) -> IndexValue? {
        switch value {
        case .text(let text): return .text(text)
        case .integer(let number): return .integer(number)
        case .money(let money): return .integer(money.cents)
        case .decimal(let number): return number.rounded(2).money.map { .integer($0.cents) }
        case .bool(let flag): return .integer(flag ? 1 : 0)
        case .datetime(let moment): return .text(moment.iso)
        default: return nil
        }
    }
}
