internal import CLua
internal import CLuaShim
import FascicoloCore
import Foundation

/// Conversion between the one `Value` model and Lua values.
///
/// Host → Lua: integers stay integers; decimals and money become `dec`; dates and date-times their
/// ISO text; lists become sequences (1-based); records tables with string keys; references the
/// contact's integer id. Lua → host: integers stay integers; floats become exact decimals through
/// their printed form (scripts should use `dec` for money); `dec` becomes a decimal; a sequence
/// becomes a list, a table with string keys a record, an empty table an empty list. Mixed or cyclic
/// tables, functions, and tables with metatables are errors naming where they were found.
extension LuaState {
    func push(_ value: Value) {
        switch value {
        case .null: lua_pushnil(L)
        case .bool(let flag): lua_pushboolean(L, flag ? 1 : 0)
        case .integer(let number): lua_pushinteger(L, number)
        case .decimal(let number): pushDecimal(number)
        case .money(let money): pushDecimal(ExactDecimal(money))
        case .text(let text): pushString(text)
        case .date(let date): pushString(date.iso)
        case .datetime(let moment): pushString(moment.iso)
        case .reference(let id): lua_pushinteger(L, id)
        case .list(let items):
            _ = lua_checkstack(L, 4)
            lua_createtable(L, Int32(items.count), 0)
            for (offset, item) in items.enumerated() {
                push(item)
                lua_rawseti(L, -2, lua_Integer(offset + 1))
            }
        case .record(let fields):
            _ = lua_checkstack(L, 4)
            lua_createtable(L, 0, Int32(fields.count))
            for (key, item) in fields {
                pushString(key)
                push(item)
                lua_rawset(L, -3)
            }
        }
    }

    func pushString(_ text: String) {
        var copy = text
        copy.withUTF8 { bytes in
            _ = lua_pushlstring(L, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, bytes.count)
        }
    }

    /// The value at `index`; `path` names where it came from for error messages (`fees().lordo`).
    func value(at index: Int32, path: String) throws(LuaError) -> Value {
        var visiting = Set<UnsafeRawPointer>()
        var trail = Trail(root: path)
        return try value(at: lua_absindex(L, index), trail: &trail, visiting: &visiting)
    }

    /// Where in a result a value sits; turned into text only for an error message.
    private struct Trail {
        enum Step {
            case key(String)
            case index(Int)
        }

        let root: String
        var steps: [Step] = []

        var text: String {
            steps.reduce(root) { path, step in
                switch step {
                case .key(let key): return "\(path).\(key)"
                case .index(let index): return "\(path)[\(index)]"
                }
            }
        }

        func failure(_ message: String) -> LuaError { .conversion("\(text): \(message)") }
    }

    private func value(at index: Int32, trail: inout Trail, visiting: inout Set<UnsafeRawPointer>) throws(LuaError) -> Value {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .null
        case LUA_TBOOLEAN: return .bool(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(lua_tointegerx(L, index, nil)) }
            lua_pushvalue(L, index)
            let printed: String? = hostSide {
                var length = 0
                guard let bytes = fl_tolstring(L, -1, &length) else { return nil }
                return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
            }
            pop(1)
            guard let printed, let number = ExactDecimal(parsing: printed) else { throw trail.failure("numero non rappresentabile") }
            return .decimal(number)
        case LUA_TSTRING: return .text(string(at: index) ?? "")
        case LUA_TUSERDATA:
            guard let number = decimal(at: index) else { throw trail.failure("valore non convertibile (userdata)") }
            return .decimal(number)
        case LUA_TTABLE: return try table(at: index, trail: &trail, visiting: &visiting)
        default:
            throw trail.failure("una funzione non può essere restituita all'applicazione")
        }
    }

    private func table(at index: Int32, trail: inout Trail, visiting: inout Set<UnsafeRawPointer>) throws(LuaError) -> Value {
        guard trail.steps.count < 32, hostSide({ lua_checkstack(L, 4) }) != 0 else {
            throw trail.failure("tabelle annidate troppo in profondità")
        }
        guard let identity = lua_topointer(L, index) else { return .null }
        guard visiting.insert(identity).inserted else { throw trail.failure("tabella ciclica") }
        defer { visiting.remove(identity) }
        if lua_getmetatable(L, index) != 0 {
            pop(1)
            throw trail.failure("una tabella con metatable (ad esempio la pratica in sola lettura) non può essere restituita")
        }
        var list: [Int: Value] = [:]
        var record: [String: Value] = [:]
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            defer { pop(1) }
            if lua_type(L, -2) == LUA_TSTRING, let key = string(at: -2) {
                trail.steps.append(.key(key))
                record[key] = try value(at: lua_absindex(L, -1), trail: &trail, visiting: &visiting)
                trail.steps.removeLast()
            } else if lua_isinteger(L, -2) != 0 {
                let key = Int(lua_tointegerx(L, -2, nil))
                trail.steps.append(.index(key))
                list[key] = try value(at: lua_absindex(L, -1), trail: &trail, visiting: &visiting)
                trail.steps.removeLast()
            } else {
                pop(1)
                throw trail.failure("chiave non valida (solo testi o indici interi)")
            }
        }
        if !list.isEmpty && !record.isEmpty { throw trail.failure("tabella mista (lista e record insieme)") }
        if !record.isEmpty { return .record(record) }
        guard list.isEmpty || list.keys.sorted() == Array(1...list.count) else {
            throw trail.failure("lista con buchi (gli indici devono andare da 1 a n)")
        }
        return .list((0..<list.count).map { list[$0 + 1]! })
    }
}
