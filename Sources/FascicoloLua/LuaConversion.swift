import Foundation
internal import CLua
internal import CLuaShim
import FascicoloCore

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
        case .decimal(let number): pushDecimal(number.value)
        case .money(let money): pushDecimal(Decimal(money.cents) / 100)
        case .text(let text): pushString(text)
        case .date(let date): pushString(date.iso)
        case .datetime(let moment): pushString(moment.iso)
        case .reference(let id): lua_pushinteger(L, id)
        case .list(let items):
            lua_createtable(L, Int32(items.count), 0)
            for (offset, item) in items.enumerated() {
                push(item)
                lua_rawseti(L, -2, lua_Integer(offset + 1))
            }
        case .record(let fields):
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
        copy.withUTF8 { bytes in _ = lua_pushlstring(L, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, bytes.count) }
    }

    /// The value at `index`; `path` names where it came from for error messages (`fees().lordo`).
    func value(at index: Int32, path: String) throws(LuaError) -> Value {
        var visiting = Set<UnsafeRawPointer>()
        return try value(at: lua_absindex(L, index), path: path, visiting: &visiting, depth: 0)
    }

    private func value(at index: Int32, path: String, visiting: inout Set<UnsafeRawPointer>, depth: Int) throws(LuaError) -> Value {
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
            guard let printed, let number = ExactDecimal(parsing: printed) else {
                throw .conversion("\(path): numero non rappresentabile")
            }
            return .decimal(number)
        case LUA_TSTRING: return .text(string(at: index) ?? "")
        case LUA_TUSERDATA:
            guard let number = decimal(at: index) else { throw .conversion("\(path): valore non convertibile (userdata)") }
            return .decimal(ExactDecimal(number))
        case LUA_TTABLE: return try table(at: index, path: path, visiting: &visiting, depth: depth)
        default:
            throw .conversion("\(path): una funzione non può essere restituita all'applicazione")
        }
    }

    private func table(at index: Int32, path: String, visiting: inout Set<UnsafeRawPointer>, depth: Int) throws(LuaError) -> Value {
        guard depth < 32 else { throw .conversion("\(path): tabelle annidate troppo in profondità") }
        guard let identity = lua_topointer(L, index) else { return .null }
        guard visiting.insert(identity).inserted else { throw .conversion("\(path): tabella ciclica") }
        defer { visiting.remove(identity) }
        if lua_getmetatable(L, index) != 0 {
            pop(1)
            throw .conversion("\(path): una tabella con metatable (ad esempio la pratica in sola lettura) non può essere restituita")
        }
        var list: [Int: Value] = [:]
        var record: [String: Value] = [:]
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            defer { pop(1) }
            if lua_type(L, -2) == LUA_TSTRING, let key = string(at: -2) {
                record[key] = try value(at: lua_absindex(L, -1), path: "\(path).\(key)", visiting: &visiting, depth: depth + 1)
            } else if lua_isinteger(L, -2) != 0 {
                let key = Int(lua_tointegerx(L, -2, nil))
                list[key] = try value(at: lua_absindex(L, -1), path: "\(path)[\(key)]", visiting: &visiting, depth: depth + 1)
            } else {
                pop(1)
                throw .conversion("\(path): chiave non valida (solo testi o indici interi)")
            }
        }
        if !list.isEmpty && !record.isEmpty { throw .conversion("\(path): tabella mista (lista e record insieme)") }
        if !record.isEmpty { return .record(record) }
        guard list.isEmpty || list.keys.sorted() == Array(1...list.count) else {
            throw .conversion("\(path): lista con buchi (gli indici devono andare da 1 a n)")
        }
        return .list((0..<list.count).map { list[$0 + 1]! })
    }
}
