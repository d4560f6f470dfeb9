import FascicoloCore
import FascicoloSchema
import FascicoloStore

/// A link between two pratiche, as one of them shows it.
public struct PraticaLink: Sendable {
    /// The pratica at the other end.
    public let pratica: Pratica
    /// The label of the field holding the link (in whichever pratica holds it).
    public let fieldLabel: String
    /// True when the other pratica links to this one (a backlink), false when this one links to it.
    public let incoming: Bool
}

extension Engine {
    /// The most pratiche linking to one pratica through one field that its page lists.
    static let maximumBacklinks = 100

    /// The pratiche this one links to through its `pratica` fields, and those that link to it,
    /// as far as `actor` may see them (a link to a pratica it may not open is left out).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func links(of pratica: Pratica, actor: Actor) throws -> [PraticaLink] {
        var result: [PraticaLink] = []
        for field in pratica.type.praticaLinkFields {
            guard case .integer(let id)? = pratica.fields[field.id], let other = try visiblePratica(id, actor: actor) else { continue }
            result.append(PraticaLink(pratica: other, fieldLabel: field.label, incoming: false))
        }
        for type in project.types {
            for field in type.praticaLinkFields {
                let ids = try reading {
                    try $0.praticaIds(linking: pratica.id, accountId: pratica.accountId, type: type.id, field: field.id, limit: Self.maximumBacklinks)
                }
                for id in ids where id != pratica.id {
                    guard let other = try visiblePratica(id, actor: actor) else { continue }
                    result.append(PraticaLink(pratica: other, fieldLabel: field.label, incoming: true))
                }
            }
        }
        return result
    }

    /// The pratica if `actor` may open it, nil when it may not (or it is gone).
    private func visiblePratica(_ id: Int64, actor: Actor) throws -> Pratica? {
        do {
            return try pratica(id: id, actor: actor)
        } catch FascicoloError.notFound {
            return nil
        }
    }
}
