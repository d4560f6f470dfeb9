import FascicoloCore
import FascicoloLua
import FascicoloSchema
import FascicoloStore

/// The hooks of a type's plugin, called at fixed points of the use cases. Hooks see read-only
/// views and return patches or answers; the engine validates everything they return before it
/// writes, in the same transaction. A failing hook leaves the pratica unchanged.
extension Engine {
    /// What a hook sees as `p`: the typed fields plus `id`, `tipo`, `stato`, `anno`,
    /// `nome_cartella` and the protocol text under the protocol field's id.
    func praticaView(type: PraticaType, document: [String: Value], id: Int64?, state: String, year: Int, folderName: String,
                     protocolText: String?) -> Value {
        var view = document
        view["id"] = id.map(Value.integer) ?? .null
        view["tipo"] = .text(type.id)
        view["stato"] = .text(state)
        view["anno"] = .integer(Int64(year))
        view["nome_cartella"] = .text(folderName)
        if let field = type.protocolField, let protocolText { view[field.id] = .text(protocolText) }
        return .record(view)
    }

    func hookContext(type: PraticaType, actor: Actor) -> Value {
        .record(["today": .text(today().iso), "utente": .text(actor.name), "tipo": .text(type.id)])
    }

    /// Calls `hook` if the type's plugin defines it; nil otherwise. The plugin instance is the one
    /// of `owner`, the account whose data the hook sees (the actor's own, except when an account a
    /// pratica is shared with saves it), so that no Lua state ever holds two accounts' data.
    func callHook(_ hook: Hook, type: PraticaType, owner: Int64, actor: Actor, _ arguments: [HookArgument]) throws -> (results: [Value], file: String)? {
        try plugins.with(type.id, account: owner) { plugin -> (results: [Value], file: String)? in
            guard plugin.defines(hook) else { return nil }
            return (try plugin.call(hook, arguments), plugin.file)
        } ?? nil
    }

    /// `on_create` / `on_transition`: the document with the hook's patch applied, validated; nil
    /// when the plugin has no such hook or returned no patch.
    func applyPatchHook(_ hook: Hook, type: PraticaType, view: Value, extra: [HookArgument], actor: Actor,
                        document: [String: Value]) throws -> (document: [String: Value], folderName: String?)? {
        guard let (results, file) = try callHook(hook, type: type, owner: actor.accountId, actor: actor, [.readOnly(view)] + extra + [.value(hookContext(type: type, actor: actor))]),
              let patch = results.first, patch != .null else { return nil }
        guard case .record(var changes) = patch else {
            throw FascicoloError.plugin("\(file): hook '\(hook.rawValue)' must return nil or a table of fields to change")
        }
        var folder: String?
        if let name = changes.removeValue(forKey: BuiltinField.nome_cartella.rawValue) {
            guard let text = name.textValue, !text.trimmingWhitespace().isEmpty, text.count <= 200 else {
                throw FascicoloError.plugin("\(file): hook '\(hook.rawValue)': nome_cartella must be a non-empty text of at most 200 characters")
            }
            folder = text
        }
        var merged = document
        for (key, value) in changes { merged[key] = value }
        switch DocumentValidator(type: type, today: today()).validate(merged) {
        case .success(let valid): return (valid, folder)
        case .failure(let error):
            throw FascicoloError.plugin("\(file): hook '\(hook.rawValue)' returned an invalid patch: \(error.description.replacingNewlines())")
        }
    }

    /// `validate`: the issues the plugin finds, as field issues.
    func validationHookIssues(type: PraticaType, view: Value, owner: Int64, actor: Actor) throws -> [FieldIssue] {
        guard let (results, file) = try callHook(.validate, type: type, owner: owner, actor: actor, [.readOnly(view), .value(hookContext(type: type, actor: actor))]),
              let answer = results.first, answer != .null else { return [] }
        guard let items = answer.listValue else { throw FascicoloError.plugin("\(file): hook 'validate' must return nil or a list of {field=…, message=…}") }
        return try items.map { item in
            guard let field = item.recordValue?["field"]?.textValue, let message = item.recordValue?["message"]?.textValue else {
                throw FascicoloError.plugin("\(file): hook 'validate' must return nil or a list of {field=…, message=…}")
            }
            return FieldIssue(field: field, message: message)
        }
    }

    /// `can_transition`: nil when allowed, else the reason (possibly empty).
    func transitionRefusal(type: PraticaType, view: Value, from: String, to: String, actor: Actor) throws -> String?? {
        guard let (results, file) = try callHook(.canTransition, type: type, owner: actor.accountId, actor: actor,
                                                 [.readOnly(view), .value(.text(from)), .value(.text(to)), .value(hookContext(type: type, actor: actor))])
        else { return nil }
        switch results.first {
        case .bool(true)?: return nil
        case .bool(false)?: return .some(results.count > 1 ? results[1].textValue : nil)
        default: throw FascicoloError.plugin("\(file): hook 'can_transition' must return true, or false and a reason")
        }
    }

    /// `folder_name`: the name the plugin proposes, if any.
    func folderNameHook(type: PraticaType, view: Value, actor: Actor) throws -> String? {
        guard let (results, file) = try callHook(.folderName, type: type, owner: actor.accountId, actor: actor, [.readOnly(view), .value(hookContext(type: type, actor: actor))]),
              let answer = results.first, answer != .null else { return nil }
        guard let name = answer.textValue, !name.trimmingWhitespace().isEmpty, name.count <= 200 else {
            throw FascicoloError.plugin("\(file): hook 'folder_name' must return a non-empty text of at most 200 characters")
        }
        return name
    }

    /// `protocol`: the number and text the plugin assigns, with `ctx.first_free(year)` from the store.
    func protocolHook(type: PraticaType, view: Value, year: Int, actor: Actor, writer: StoreWriter) throws -> ProtocolSlot? {
        let context = HookArgument.context(hookContext(type: type, actor: actor), functions: [
            "first_free": { arguments in
                guard let first = arguments.first, case .integer(let asked) = first, (1900...9999).contains(asked) else {
                    throw LuaError.runtime("ctx.first_free(year): year must be an integer")
                }
                return .integer(Int64(try writer.firstFreeProtocolNumber(accountId: actor.accountId, series: "", year: Int(asked))))
            },
        ])
        guard let (results, file) = try callHook(.protocol, type: type, owner: actor.accountId, actor: actor, [.readOnly(view), context]),
              let answer = results.first?.recordValue else { return nil }
        guard case .integer(let number)? = answer["number"], number > 0, let text = answer["text"]?.textValue,
              !text.isEmpty, text.count <= 50 else {
            throw FascicoloError.plugin("\(file): hook 'protocol' must return {number = <integer > 0>, text = <text>}")
        }
        var slotYear = year
        if let chosen = answer["year"] {
            guard case .integer(let asked) = chosen, (1900...9999).contains(asked) else {
                throw FascicoloError.plugin("\(file): hook 'protocol': year must be an integer between 1900 and 9999")
            }
            slotYear = Int(asked)
        }
        return ProtocolSlot(year: slotYear, number: Int(number), text: text)
    }
}

extension String {
    /// One line: newlines become "; ".
    func replacingNewlines() -> String { split(separator: "\n").joined(separator: "; ") }
}
