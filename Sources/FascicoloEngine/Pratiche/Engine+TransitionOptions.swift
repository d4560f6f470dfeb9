import FascicoloCore
import FascicoloSchema

/// A state change the form may offer, with the plugin's current answer.
public struct TransitionOption: Sendable {
    public let transition: Transition
    /// Nil when the plugin allows it now; otherwise its reason in words (empty when it gave none).
    public let refusal: String?
}

extension Engine {
    /// The declared transitions leaving the pratica's state, each with what `can_transition`
    /// answers for the pratica as it is stored now. None for an account the pratica is only
    /// shared with: changing state is the owner's.
    public func transitionOptions(for pratica: Pratica, actor: Actor) throws -> [TransitionOption] {
        guard pratica.accountId == actor.accountId else { return [] }
        let candidates = pratica.type.transitions(from: pratica.state)
        guard !candidates.isEmpty else { return [] }
        let view = praticaView(type: pratica.type, document: pratica.fields, id: pratica.id, state: pratica.state, year: pratica.year,
                               folderName: pratica.folderName, protocolText: pratica.protocolNumber?.text)
        return try candidates.map { transition in
            let refusal = try transitionRefusal(type: pratica.type, view: view, from: pratica.state, to: transition.to, actor: actor)
            return TransitionOption(transition: transition, refusal: refusal.map { $0 ?? "" })
        }
    }
}
