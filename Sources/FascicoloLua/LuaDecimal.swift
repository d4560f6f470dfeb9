internal import CLua
internal import CLuaShim
import FascicoloCore
import Foundation

/// `dec`: the exact decimal type scripts use for money (`dec("16227.08")`, `+ - * /`, comparisons,
/// `:round(2)` half up, `tostring`). Values are `ExactDecimal`s (FascicoloCore) stored in userdata: this file is only the binding. Mixing with
/// Lua integers is allowed; mixing with Lua floats is an error, because a float such as 0.1 is not
/// the number it looks like.
enum LuaDecimal {
    static let metatableName = "fascicolo.dec"

    /// Why an operand is not an exact number; the text is raised as a Lua error.
    struct Problem: Error {
        let message: String
    }

    /// Registers the metatable and the global constructor `dec` in the state's global table.
    static func register(in state: LuaState) {
        let L = state.L
        state.hostSide {
            _ = luaL_newmetatable(L, metatableName)
            let operations: [(String, fl_host_function)] = [
                ("__add", { L, _ in LuaDecimal.arithmetic(L!) { $0 + $1 } }),
                ("__sub", { L, _ in LuaDecimal.arithmetic(L!) { $0 - $1 } }),
                ("__mul", { L, _ in LuaDecimal.arithmetic(L!) { $0 * $1 } }),
                ("__div", { L, _ in LuaDecimal.arithmetic(L!) { $0 / $1 } }),
                ("__unm", { L, _ in LuaDecimal.arithmetic(L!) { a, _ in a.negated } }),
                ("__eq", { L, _ in LuaDecimal.compare(L!) { $0 == $1 } }),
                ("__lt", { L, _ in LuaDecimal.compare(L!) { $0 < $1 } }),
                ("__le", { L, _ in LuaDecimal.compare(L!) { $0 <= $1 } }),
                ("__tostring", { L, _ in LuaDecimal.text(L!) }),
            ]
            for (name, function) in operations {
                fl_push_host_function(L, function, nil)
                lua_setfield(L, -2, name)
            }
            lua_createtable(L, 0, 2)
            fl_push_host_function(L, { L, _ in LuaDecimal.round(L!) }, nil)
            lua_setfield(L, -2, "round")
            fl_push_host_function(L, { L, _ in LuaDecimal.text(L!) }, nil)
            lua_setfield(L, -2, "tostring")
            lua_setfield(L, -2, "__index")
            lua_pushboolean(L, 0)
            lua_setfield(L, -2, "__metatable")
            lua_pushvalue(L, -1)
            fl_register_dec_metatable(L)
            state.pop(1)
            fl_push_host_function(L, { L, _ in LuaDecimal.construct(L!) }, nil)
            lua_setglobal(L, "dec")
        }
    }

    private static func fail(_ L: OpaquePointer, _ message: String) -> Int32 {
        var copy = message
        copy.withUTF8 { bytes in _ = lua_pushlstring(L, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self), bytes.count) }
        return -1
    }

    /// The operand at `index` as an exact decimal: a `dec`, an integer, or (for `dec(...)`) a text.
    static func operand(_ L: OpaquePointer, _ index: Int32, allowText: Bool) -> Result<ExactDecimal, Problem> {
        switch lua_type(L, index) {
        case LUA_TUSERDATA:
            guard let pointer = fl_test_dec(L, index) else { return .failure(Problem(message: "valore non numerico")) }
            return .success(pointer.loadUnaligned(as: ExactDecimal.self))
        case LUA_TNUMBER:
            guard lua_isinteger(L, index) != 0 else {
                return .failure(Problem(message: "numero con virgola non esatto: usare dec(\"…\") per gli importi"))
            }
            return .success(ExactDecimal(lua_tointegerx(L, index, nil)))
        case LUA_TSTRING where allowText:
            var length = 0
            let bytes = fl_tolstring(L, index, &length)!
            let text = String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
            guard let number = ExactDecimal(parsing: text) else {
                return .failure(Problem(message: "dec: numero non valido"))
            }
            return .success(number)
        default:
            return .failure(Problem(message: "operazione non valida tra dec e \(String(cString: lua_typename(L, lua_type(L, index))))"))
        }
    }

    /// A printable form of any value without calling metamethods: texts, numbers, `dec`s, else the type.
    static func describe(_ L: OpaquePointer, _ index: Int32) -> String {
        switch lua_type(L, index) {
        case LUA_TSTRING, LUA_TNUMBER:
            lua_pushvalue(L, index)
            defer { fl_pop(L, 1) }
            var length = 0
            let bytes = fl_tolstring(L, -1, &length)!
            return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
        case LUA_TUSERDATA:
            if let pointer = fl_test_dec(L, index) { return pointer.loadUnaligned(as: ExactDecimal.self).plain }
            return "userdata"
        case LUA_TBOOLEAN:
            return lua_toboolean(L, index) != 0 ? "true" : "false"
        default:
            return String(cString: lua_typename(L, lua_type(L, index)))
        }
    }

    static func push(_ L: OpaquePointer, _ value: ExactDecimal) {
        fl_new_dec(L, MemoryLayout<ExactDecimal>.size)!.storeBytes(of: value, as: ExactDecimal.self)
    }

    fileprivate static func arithmetic(_ L: OpaquePointer, _ operation: (ExactDecimal, ExactDecimal) -> ExactDecimal?) -> Int32 {
        let lhs = operand(L, 1, allowText: false)
        let rhs: Result<ExactDecimal, Problem> = lua_type(L, 2) == LUA_TNONE ? .success(ExactDecimal(0)) : operand(L, 2, allowText: false)
        switch (lhs, rhs) {
        case (.success(let a), .success(let b)):
            guard let result = operation(a, b) else {
                return fail(L, b.mantissa == 0 && a.mantissa != 0 ? "divisione per zero o risultato fuori scala" : "risultato fuori scala")
            }
            push(L, result)
            return 1
        case (.failure(let problem), _), (_, .failure(let problem)):
            return fail(L, problem.message)
        }
    }

    fileprivate static func compare(_ L: OpaquePointer, _ relation: (ExactDecimal, ExactDecimal) -> Bool) -> Int32 {
        switch (operand(L, 1, allowText: false), operand(L, 2, allowText: false)) {
        case (.success(let a), .success(let b)):
            lua_pushboolean(L, relation(a, b) ? 1 : 0)
            return 1
        case (.failure(let problem), _), (_, .failure(let problem)):
            return fail(L, problem.message)
        }
    }

    fileprivate static func text(_ L: OpaquePointer) -> Int32 {
        guard case .success(let value) = operand(L, 1, allowText: false) else { return fail(L, "tostring: atteso un dec") }
        var copy = value.plain
        copy.withUTF8 { bytes in _ = lua_pushlstring(L, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self), bytes.count) }
        return 1
    }

    fileprivate static func round(_ L: OpaquePointer) -> Int32 {
        guard case .success(let value) = operand(L, 1, allowText: false) else { return fail(L, "round: atteso un dec") }
        guard lua_isinteger(L, 2) != 0, case let places = lua_tointegerx(L, 2, nil), (0...10).contains(places) else {
            return fail(L, "round: indicare le cifre decimali (da 0 a 10)")
        }
        push(L, value.rounded(Int(places)))
        return 1
    }

    fileprivate static func construct(_ L: OpaquePointer) -> Int32 {
        switch operand(L, 1, allowText: true) {
        case .success(let value):
            push(L, value)
            return 1
        case .failure(let problem):
            return fail(L, problem.message)
        }
    }
}

extension LuaState {
    func pushDecimal(_ value: ExactDecimal) { LuaDecimal.push(L, value) }

    /// The `dec` at `index`, if it is one.
    func decimal(at index: Int32) -> ExactDecimal? {
        fl_test_dec(L, index)?.loadUnaligned(as: ExactDecimal.self)
    }
}
