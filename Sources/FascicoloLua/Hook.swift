/// The hooks a type's plugin may define: the plugin contract's fixed vocabulary
/// (docs/plugins.md). The loader, `fascicolo check` and the engine all name hooks through this
/// type, so a misspelt hook is a compile error on the host side and a load error in a plugin.
public enum Hook: String, CaseIterable, Sendable {
    /// `can_transition(p, from, to, ctx)`: `true`, or `false, "motivo"`, before a state change.
    case canTransition = "can_transition"
    /// `on_transition(p, from, to, ctx)`: a patch (or nil) written with the state change.
    case onTransition = "on_transition"
    /// `protocol(p, ctx)`: `{number=…, text=…}` when a protocol number is assigned.
    case `protocol` = "protocol"
    /// `folder_name(p, ctx)`: the folder name proposed on creation.
    case folderName = "folder_name"
    /// `validate(p, ctx)`: nil, or a list of `{field=…, message=…}`, on every save.
    case validate = "validate"
    /// `fees(input, ctx)`: the fee calculator's exact results.
    case fees = "fees"
    /// `on_create(p, ctx)`: a patch (or nil) written with a new pratica.
    case onCreate = "on_create"
    /// `compute(p, ctx)`: the values of the type's `computed` fields (a patch of those only), on
    /// every save and state change.
    case compute = "compute"

    /// The Lua names of every hook.
    public static let names: Set<String> = Set(allCases.map(\.rawValue))
}
