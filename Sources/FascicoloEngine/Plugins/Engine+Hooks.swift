import FascicoloCore
import FascicoloLua
import FascicoloSchema
import FascicoloStore

/// The hooks of a type's plugin, called at fixed points of the use cases. Hooks see read-only
/// views and return patches or answers; the engine validates everything they return before it
/// writes, in the same transaction. A failing hook leaves the pratica unchanged.
extension Engine {
    /// What a hook sees as `ctx`.
    func hookContext(_ pratica: PraticaSnapshot) -> Value {
        .record(["today": .text(today().iso), "utente": .text(pratica.actor.name), "tipo": .text(pratica.type.id)])
    }

    /// Calls `hook` on the pratica if the type's plugin defines it; nil otherwise. The arguments are
    /// `p` (the pratica's read-only view), then `extra`, then `ctx` (`context`, or the default one).
    /// The plugin instance is the one of the account whose data the hook sees (the pratica's
    /// owner), so that no Lua state ever holds two accounts' data.
    func callHook(
        _ hook: Hook, on pratica: PraticaSnapshot, extra: [HookArgument] = [],
        context: HookArgument? = nil
    ) throws -> (results: [Value], file: String)? {
        let arguments = [.readOnly(pratica.hookView)] + extra + [context ?? .value(hookContext(pratica))]
        return try plugins.with(pratica.type.id, account: pratica.owner) { plugin -> (results: [Value], file: String)? in
            guard plugin.defines(hook) else { return nil }
            return (try plugin.call(hook, arguments), plugin.file)
        } ?? nil
    }

    /// `on_create` / `on_transition`: the document with the hook's patch applied, validated, and
    /// the folder name the patch sets; nil when the plugin has no such hook or returned no patch.
    func patchHook(_ hook: Hook, on pratica: PraticaSnapshot, extra: [HookArgument] = []) throws
        -> (document: [String: Value], folderName: String?)?
    {
        guard let (results, file) = try callHook(hook, on: pratica, extra: extra), let patch = results.first, patch != .null else { return nil }
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
        var merged = pratica.document
        for (key, value) in changes { merged[key] = value }
        switch DocumentValidator(type: pratica.type, today: today()).validate(merged) {
        case .success(let valid): return (valid, folder)
        case .failure(let error):
            throw FascicoloError.plugin("\(file): hook '\(hook.rawValue)' returned an invalid patch: \(error.description.replacingNewlines())")
        }
    }

    /// `compute`: the document with the type's computed fields as the plugin works them out (a
    /// computed field the hook leaves out is cleared), validated; unchanged for a type without
    /// computed fields. The hook may set nothing else.
    func computeHook(_ pratica: PraticaSnapshot) throws -> [String: Value] {
        let computed = pratica.type.fields.filter(\.computed).map(\.id)
        guard !computed.isEmpty, let (results, file) = try callHook(.compute, on: pratica) else { return pratica.document }
        var changes: [String: Value] = [:]
        switch results.first {
        case nil, .null?, .list([])?: break  // an empty Lua table: nothing to set
        case .record(let record)?: changes = record
        default: throw FascicoloError.plugin("\(file): hook 'compute' must return nil or a table of computed fields")
        }
        if let other = changes.keys.sorted().first(where: { !computed.contains($0) }) {
            throw FascicoloError.plugin("\(file): hook 'compute' may only set computed fields; '\(FieldIssue.safeName(other))' is not one")
        }
        var merged = pratica.document
        for id in computed { merged[id] = changes[id] ?? .null }
        switch DocumentValidator(type: pratica.type, today: today()).validate(merged) {
        case .success(let valid): return valid
        case .failure(let error):
            throw FascicoloError.plugin("\(file): hook 'compute' returned an invalid value: \(error.description.replacingNewlines())")
        }
    }

    /// `validate`: fails with the issues the plugin finds, as a validation error.
    func rejectPluginIssues(_ pratica: PraticaSnapshot) throws {
        guard let (results, file) = try callHook(.validate, on: pratica), let answer = results.first, answer != .null else { return }
        let malformed = FascicoloError.plugin("\(file): hook 'validate' must return nil or a list of {field=…, message=…}")
        guard let items = answer.listValue else { throw malformed }
        let issues = try items.map { item in
            guard let field = item.recordValue?["field"]?.textValue, let message = item.recordValue?["message"]?.textValue else { throw malformed }
            return FieldIssue(field: field, message: message)
        }
        if !issues.isEmpty { throw FascicoloError.validation(issues) }
    }

    /// `can_transition`: nil when allowed, else the reason (possibly empty).
    func transitionRefusal(_ pratica: PraticaSnapshot, to target: String) throws -> String?? {
        guard let (results, file) = try callHook(.canTransition, on: pratica, extra: [.value(.text(pratica.row.state)), .value(.text(target))])
        else { return nil }
        switch results.first {
        case .bool(true)?: return nil
        case .bool(false)?: return .some(results.count > 1 ? results[1].textValue : nil)
        default: throw FascicoloError.plugin("\(file): hook 'can_transition' must return true, or false and a reason")
        }
    }

    /// `folder_name`: the name the plugin proposes, if any.
    func folderNameHook(_ pratica: PraticaSnapshot) throws -> String? {
        guard let (results, file) = try callHook(.folderName, on: pratica), let answer = results.first, answer != .null else { return nil }
        guard let name = answer.textValue, !name.trimmingWhitespace().isEmpty, name.count <= 200 else {
            throw FascicoloError.plugin("\(file): hook 'folder_name' must return a non-empty text of at most 200 characters")
        }
        return name
    }

    /// `protocol`: the number and text the plugin assigns, with `ctx.first_free(year)` from the
    /// store (in the series the type's protocol field declares).
    func protocolHook(_ pratica: PraticaSnapshot, writer: StoreWriter) throws -> ProtocolSlot? {
        let account = pratica.owner
        let series = pratica.type.protocolSeries
        let context = HookArgument.context(
            hookContext(pratica),
            functions: [
                "first_free": { arguments in
                    guard let first = arguments.first, case .integer(let asked) = first, (1900...9999).contains(asked) else {
                        throw LuaError.runtime("ctx.first_free(year): year must be an integer")
                    }
                    return .integer(Int64(try writer.firstFreeProtocolNumber(accountId: account, series: series, year: Int(asked))))
                }
            ])
        guard let (results, file) = try callHook(.protocol, on: pratica, context: context), let answer = results.first?.recordValue else {
            return nil
        }
        guard case .integer(let number)? = answer["number"], number > 0, let text = answer["text"]?.textValue,
            !text.isEmpty, text.count <= 50
        else {
            throw FascicoloError.plugin("\(file): hook 'protocol' must return {number = <integer > 0>, text = <text>}")
        }
        var slotYear = pratica.row.year
        if let chosen = answer["year"] {
            guard case .integer(let asked) = chosen, (1900...9999).contains(asked) else {
                throw FascicoloError.plugin("\(file): hook 'protocol': year must be an integer between 1900 and 9999")
            }
            slotYear = Int(asked)
        }
        return ProtocolSlot(series: series, year: slotYear, number: Int(number), text: text)
    }
}

extension String {
    /// One line: newlines become "; ".
    func replacingNewlines() -> String { split(separator: "\n").joined(separator: "; ") }
}
