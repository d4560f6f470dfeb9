# Shared by the browser, API-contract and schemathesis runs; source it after setting ROOT and BIN.

# fixture_begin: a temporary data folder in DATA and a free port in PORT; on exit the server (if
# started) is stopped and the folder removed.
fixture_begin() {
    DATA=$(mktemp -d)
    PORT=$(free_port)
    SERVER=""
    trap '[ -z "$SERVER" ] || { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; }; rm -rf "$DATA"' EXIT
}
# fixture_data DIR PRATICHE: a fresh data folder with the account "OCC di prova", PRATICHE demo
# pratiche and the user operatore@prova.it (password "password-di-prova").
fixture_data() {
    "$BIN" init --root "$ROOT" --data "$1" --name "OCC di prova" >/dev/null
    "$BIN" demo --root "$ROOT" --data "$1" --pratiche "$2" >/dev/null
    printf 'password-di-prova\n' | "$BIN" user add --root "$ROOT" --data "$1" --email operatore@prova.it \
        --name "Operatore Prova" --role operatore --password-stdin >/dev/null
}

# fixture_serve DIR PORT LOG: `fascicolo serve` over DIR on 127.0.0.1:PORT in the background
# (its pid in SERVER), once /health answers.
fixture_serve() {
    "$BIN" serve --root "$ROOT" --data "$1" --port "$2" >"$3" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$2/health" >/dev/null 2>&1 && break
        sleep 0.1
    done
}

# A free TCP port on 127.0.0.1.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
