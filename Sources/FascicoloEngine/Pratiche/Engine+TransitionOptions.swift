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
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func transitionOptions(for pratica: Pratica, actor: Actor) throws -> [TransitionOption] {
        guard pratica.accountId == actor.accountId else { return [] }
        let candidates = pratica.type.transitions(from: pratica.state)
        guard !candidates.isEmpty else { return [] }
        let stored = try reading { try ownedSnapshot(id: pratica.id, actor: actor, reader: $0) }
        return try candidates.map { transition in
            let refusal = try transitionRefusal(stored, to: transition.to)
            return TransitionOption(transition: transition, refusal: refusal.map { $0 ?? "" })
        }
    }
}
