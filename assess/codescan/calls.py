"""Literal credentials passed by position to well-known calls, in any language.

Some APIs take a password or a signing key as a plain positional argument, with no name beside
the value to say what it is: JDBC's ``DriverManager.getConnection(url, user, password)``, PHP's
``new PDO($dsn, $user, $password)`` and ``mysqli_connect(host, user, password)``, Go's
``smtp.PlainAuth(identity, user, password, host)``, an MQTT client's
``connect(clientId, user, password)``, Sequelize's ``new Sequelize(db, user, password)``, or an
HMAC signer's key (Joken's ``Signer.create("HS256", key)``, auth0's ``Algorithm.HMAC256(key)``,
PHP's ``hash_hmac(algo, data, key)``, Ruby's ``JWT.encode(payload, key, alg)``, .NET's
``new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key))``, Rust's ``EncodingKey::from_secret``).

:data:`CALLS` says, per callee, which argument holds the credential; :func:`find` reads the
argument list after each anchor hit (quotes, brackets and line breaks respected, at most
:data:`MAX_ARGS_CHARS` characters), unwraps the usual byte and encoding wrappers
(``[]byte("...")``, ``"...".getBytes()``, ``Encoding.UTF8.GetBytes("...")``, ``b"..."``) and
returns the literal. A variable, a call or a configuration lookup in that place is not a literal
and is never reported; the value itself is then judged by the rule's validator.

A C# target-typed ``new(...)`` names its type on the left (``NetworkCredential cred =
new("svc", "value")``, ``Cred Legacy() => new(...)``): the type is the callee there. Beyond the
table, a callee whose name ends in a credential or connection word (``MqttClient``,
``UserCredential``, ``FtpConnection``) counts when a user name and a password are written as
literals side by side in its arguments.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

RULE_PASSWORD = "credential-call-positional"
RULE_SIGNING = "signing-key-call-positional"
RULES = (RULE_PASSWORD, RULE_SIGNING)

MAX_ARGS_CHARS = 600


@dataclass(frozen=True, slots=True)
class Call:
    """Where a callee takes its credential: the 0-based argument, and which arguments must be
    string literals for the call to count (a generic name such as ``connect`` needs the user
    name written out beside the password)."""

    rule: str
    position: int
    literals: tuple[int, ...] = ()


_P, _S = RULE_PASSWORD, RULE_SIGNING

LAST = -2
"""A call position meaning: the last of one or two arguments (Redis ``AUTH [username] password``)."""

CALLS: dict[str, Call] = {
    # Connection and login calls: (url or host, user, password, ...).
    "getConnection(": Call(_P, 2),  # JDBC DriverManager
    "PDO(": Call(_P, 2),  # PHP
    "mysqli_connect(": Call(_P, 2),
    "mysqli(": Call(_P, 2),
    "mysql_connect(": Call(_P, 2),
    "ftp_login(": Call(_P, 2),
    "ldap_bind(": Call(_P, 2),
    "ssh2_auth_password(": Call(_P, 2),
    "Sequelize(": Call(_P, 2),  # new Sequelize(database, user, password, options)
    "PlainAuth(": Call(_P, 2),  # Go net/smtp: PlainAuth(identity, user, password, host)
    "CRAMMD5Auth(": Call(_P, 1),
    "FTP(": Call(_P, 2, (1,)),  # Python ftplib.FTP(host, user, passwd)
    "FTP_TLS(": Call(_P, 2, (1,)),
    "createCredential(": Call(_P, 2),  # MongoDB Java: (user, database, password)
    "username_pw_set(": Call(_P, 1),  # Paho MQTT (Python)
    "WithCredentials(": Call(_P, 1),  # MQTTnet options builder
    "connect(": Call(_P, 2, (1,)),  # MQTT clients: connect(clientId, user, password)
    # Redis clients' AUTH command as a method: lua-resty-redis red:auth(password), ioredis,
    # Jedis, redis-rb, Predis $client->auth(password); AUTH username password since Redis 6.
    ":auth(": Call(_P, LAST),
    ".auth(": Call(_P, LAST),
    "->auth(": Call(_P, LAST),
    "Connect(": Call(_P, 2, (1,)),  # M2Mqtt: Connect(clientId, user, password)
    "mysql_real_connect(": Call(_P, 3, (2,)),  # C: (conn, host, user, password, db, ...)
    "NetworkCredential(": Call(_P, 1),
    "UsernamePasswordCredentials(": Call(_P, 1),
    "UsernamePasswordCredential(": Call(_P, 1),
    "PasswordAuthentication(": Call(_P, 1),
    "BasicAWSCredentials(": Call(_P, 1),
    "StorageSharedKeyCredential(": Call(_P, 1),
    "Credentials(": Call(_P, 3, (2,)),  # sbt: Credentials(realm, host, user, password)
    "SecretValue.unsafePlainText(": Call(_P, 0),  # AWS CDK: a secret written into the template
    "SecretValue.plainText(": Call(_P, 0),
    # HTTP basic and bearer authentication helpers: (user, password) or (token).
    "basic_auth(": Call(_P, 1),  # Rust reqwest (password in Some(...)), Ruby Net::HTTP
    "bearer_auth(": Call(_P, 0),  # Rust reqwest
    "Credentials.basic(": Call(_P, 1),  # OkHttp
    "SetBasicAuth(": Call(_P, 1),  # Go net/http
    "BasicAuth(": Call(_P, 1),  # aiohttp, httpx
    "UsernamePasswordAuthenticationToken(": Call(_P, 1),  # Spring Security
    # Signers and HMAC keys.
    "Signer.create(": Call(_S, 1),  # Joken (Elixir): Signer.create("HS256", key)
    "JWT.encode(": Call(_S, 1),  # Ruby jwt: JWT.encode(payload, key, alg)
    "JWT.decode(": Call(_S, 1),
    "JWT::encode(": Call(_S, 1),  # PHP firebase/php-jwt
    "JWT::decode(": Call(_S, 1),
    "new Key(": Call(_S, 0, (1,)),  # PHP firebase/php-jwt: new Key(key, "HS256")
    "hash_hmac(": Call(_S, 2),  # PHP: hash_hmac(algo, data, key)
    "HMAC.hexdigest(": Call(_S, 1),  # Ruby OpenSSL::HMAC.hexdigest(digest, key, data)
    "HMAC.digest(": Call(_S, 1),
    "HMAC256(": Call(_S, 0),  # auth0 java-jwt: Algorithm.HMAC256(secret)
    "HMAC384(": Call(_S, 0),
    "HMAC512(": Call(_S, 0),
    "hmacShaKeyFor(": Call(_S, 0),  # jjwt Keys.hmacShaKeyFor(bytes)
    "signWith(": Call(_S, 1),  # jjwt (old): signWith(SignatureAlgorithm.HS256, key)
    "SecretKeySpec(": Call(_S, 0),  # javax.crypto: new SecretKeySpec(bytes, "HmacSHA256")
    "SymmetricSecurityKey(": Call(_S, 0),  # .NET
    "HMACSHA256(": Call(_S, 0),
    "HMACSHA384(": Call(_S, 0),
    "HMACSHA512(": Call(_S, 0),
    "HMACSHA1(": Call(_S, 0),
    "from_secret(": Call(_S, 0),  # Rust jsonwebtoken EncodingKey/DecodingKey::from_secret
    "new_from_slice(": Call(_S, 0),  # Rust hmac: Hmac::<Sha256>::new_from_slice(b"...")
    "SignedString(": Call(_S, 0),  # Go jwt: token.SignedString([]byte("..."))
    "hmac.New(": Call(_S, 1),  # Go crypto/hmac: hmac.New(sha256.New, []byte("..."))
    "SecretKey(": Call(_S, 0),  # Dart dart_jsonwebtoken
    "URLSafeTimedSerializer(": Call(_S, 0),  # Python itsdangerous
    "URLSafeSerializer(": Call(_S, 0),
    "TimestampSigner(": Call(_S, 0),
}

_SBT = CALLS["Credentials("]

PAIR = -1
"""A call position meaning: the first user name and password written side by side as literals."""

GENERIC_ENDINGS = (
    "credential",
    "credentials",
    "client",
    "connection",
    "connect",
    "login",
    "logon",
    "session",
    "signin",
)
"""A callee whose name ends in one of these (``MqttClient``, ``FtpConnection``, ``UserCredential``)
takes a user name and a password; with both written as literals side by side, the second is
reported. Outside credential types the pair must follow another argument (a host, a client id),
so that ``Client("name", "option")`` stays a pair of options."""

GENERIC_ANCHORS = (
    "Credential",
    "Client(",
    "client(",
    "Connection(",
    "connection(",
    "Login(",
    "Logon(",
    "Session(",
    "session(",
    "SignIn(",
    "signIn(",
    "signin(",
)
"""Anchors of the generic callees (``connect(``, ``Connect(`` and ``login(`` are anchors of the
table already)."""

TARGET_TYPED = (
    "NetworkCredential",
    "UsernamePasswordCredential",
    "SymmetricSecurityKey",
    "HMACSHA256",
    "HMACSHA512",
)
"""C# types whose target-typed ``new(...)`` is read like their constructor."""

_TARGET = re.compile(
    r"\b(" + "|".join(TARGET_TYPED) + r"|\w*Credentials?\w*)\??[ \t]+@?\w+"
    r"(?:[ \t]*\([^()\r\n]*\))?[ \t]*(?:\{[^{}\r\n]*\}[ \t]*)?=>?$"
)
"""The declared type of a target-typed ``new(...)``: a variable, field or property initialiser
(``NetworkCredential c = new(...)``) or an expression-bodied member (``Cred Legacy() => new(...)``)."""
_ANY_TARGET = re.compile(
    r"\b([A-Z]\w*)\??[ \t]+@?\w+(?:[ \t]*\([^()\r\n]*\))?[ \t]*(?:\{[^{}\r\n]*\}[ \t]*)?=>?$"
)
"""Any declared type before a target-typed ``new(...)``, looked up as a positional record."""
_USER = re.compile(r"[\w.@+-]{1,64}")
_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_QUOTES = "\"'`"
_STRING_PREFIX = frozenset("rRbBuUL@")
_WRAPPER = re.compile(
    r"""(?:\[\]byte|(?:System\.Text\.)?Encoding\.(?:UTF8|ASCII|Unicode|Default)\.GetBytes
    |Buffer\.from|bytearray|bytes|str\.encode|utf8\.encode|(?:new[ \t]+)?TextEncoder\(\)\.encode
    |Convert\.FromBase64String|base64\.(?:b64decode|standard_b64decode|urlsafe_b64decode)
    |Base64\.(?:getDecoder\(\)\.decode|decodeBase64|decode64|strict_decode64)
    |(?:Keys\.)?hmacShaKeyFor|(?:new[ \t]+)?SecretKeySpec|(?:new[ \t]+)?SymmetricSecurityKey
    |Some)[ \t]*\(""",
    re.VERBOSE,
)
"""Calls that only turn a literal into bytes or a key object: the literal inside is the value."""
_SUFFIX = re.compile(
    r"(?:[ \t]*\.[ \t]*(?:getBytes|GetBytes|toByteArray|toCharArray|ToCharArray|as_bytes|as_ref"
    r"|to_vec|into|encode|bytes|to_string|to_owned|unpack1?)(?:\([^()]{0,40}\))?)*[ \t]*"
)
_IDENT = re.compile(r"[\w$]")
_NEW = re.compile(r"new[ \t]*\(")


@dataclass(frozen=True, slots=True)
class Found:
    """A literal in a credential's place: where it is, and which rule reports it."""

    start: int
    end: int
    rule: str
    secret: str


def find(text: str, hits: Iterable[int]) -> list[Found]:
    """Every literal in a credential's argument of a known call, at the given anchor hits."""
    out: list[Found] = []
    for pos in sorted(set(hits)):
        declaration = _DECLARATION.match(text, pos) if text[pos] in "cdr" else None
        if declaration is not None:
            out.extend(_constructions(text, declaration))
            continue
        call, paren = _callee(text, pos)
        if call is None:
            continue
        args = _arguments(text, paren)
        if args is not None and len(args) <= call.position and call is _SBT:
            call, paren = _generic(text, pos)  # Credentials(user, password) of another library
            if call is None:
                continue
            args = _arguments(text, paren)
        if args is not None and call.position == LAST:
            if len(args) > 2:
                continue
            call = Call(call.rule, len(args) - 1, tuple(range(len(args))))
        if args is None or len(args) <= call.position:
            continue
        if any(i >= len(args) or _literal(text, *args[i]) is None for i in call.literals):
            continue
        span = (
            _pair(text, args, call.literals)
            if call.position == PAIR
            else _literal(text, *args[call.position])
        )
        if span is not None:
            out.append(Found(span[0], span[1], call.rule, text[span[0] : span[1]]))
    return out


def _pair(text: str, args: list[tuple[int, int]], first: tuple[int, ...]) -> tuple[int, int] | None:
    """The password of the first user name and password written as literals side by side,
    starting at argument ``first[0]`` (0 for credential types, 1 for other callees)."""
    literals = [_literal(text, *a) for a in args]
    for k in range(first[0] if first else 0, len(args) - 1):
        user, password = literals[k], literals[k + 1]
        if user is None or password is None or not _USER.fullmatch(text, *user):
            continue
        if not _GUID.fullmatch(text, *password):  # two GUIDs side by side are tenant and client
            return password
    return None


def _record_call(text: str, type_name: str) -> Call | None:
    """A C# positional record (or a class with a primary constructor) declared in the same file,
    ``record LoyaltyOptions(string Endpoint, string Username, string Password)``: the parameter
    named as a password is where ``new(...)`` of that type takes one."""
    declaration = re.search(
        r"\b(?:record(?:[ \t]+(?:struct|class))?|class|struct)[ \t]+"
        + re.escape(type_name)
        + r"[ \t]*\(",
        text,
    )
    if declaration is None:
        return None
    index = _password_parameter(text, declaration.end() - 1)
    return Call(RULE_PASSWORD, index) if index is not None else None


def _password_parameter(text: str, paren: int) -> int | None:
    """The index of the parameter named as a password in the declaration whose ``(`` is at
    ``paren``: ``string Password`` (C#, Java) or ``password: String`` (Scala, Kotlin, Swift)."""
    from assess.codescan import grammar  # loaded with the detector, which loads this module

    for index, (start, end) in enumerate(_arguments(text, paren) or ()):
        param = text[start:end].split("=", 1)[0]
        words = (param.split(":", 1)[0] if ":" in param else param).split()
        if words and grammar.name_level(words[-1].strip("@")) == grammar.STRONG_NAME:
            return index
    return None


DECLARATION_ANCHORS = ("case class ", "data class ", "record ")
"""Anchors of the declarations whose positional constructions are read (:func:`_constructions`)."""
_DECLARATION = re.compile(
    r"(?:case[ \t]+class|data[ \t]+class|record)[ \t]+([A-Z]\w*)[ \t]*"
    r"(?:\[[^\]\r\n]{0,80}\]|<[^>\r\n]{0,80}>)?[ \t]*\("
)
"""A type declared with its fields as constructor parameters: Scala's ``case class``, Kotlin's
``data class``, Java's ``record``."""
_MAX_CONSTRUCTIONS = 50


def _constructions(text: str, declaration: re.Match[str]) -> list[Found]:
    """Literal passwords given by position where the file builds a type it declares with a
    password parameter: ``case class Creds(user: String, password: String)`` then
    ``Creds("svc", "value")`` (Scala, Kotlin ``data class``, Java ``record`` with ``new``)."""
    index = _password_parameter(text, declaration.end() - 1)
    if index is None:
        return []
    out: list[Found] = []
    call = re.compile(r"(?<![\w.])(?:new[ \t]+)?" + re.escape(declaration.group(1)) + r"[ \t]*\(")
    for m in itertools.islice(call.finditer(text), _MAX_CONSTRUCTIONS):
        if m.start() <= declaration.start() < m.end():
            continue
        args = _arguments(text, m.end() - 1)
        span = _literal(text, *args[index]) if args is not None and len(args) > index else None
        if span is not None:
            out.append(Found(span[0], span[1], RULE_PASSWORD, text[span[0] : span[1]]))
    return out


def _generic(text: str, pos: int) -> tuple[Call | None, int]:
    """A callee whose name ends in a credential or connection word, around an anchor at ``pos``."""
    start = pos
    while start > 0 and _IDENT.match(text, start - 1) and pos - start < 80:
        start -= 1
    end = pos
    while end < len(text) and _IDENT.match(text, end) and end - pos < 80:
        end += 1
    if not text.startswith("(", end):
        return None, -1
    name = text[start:end].lower()
    if not name.endswith(GENERIC_ENDINGS):
        return None, -1
    first = 0 if "credential" in name else 1
    return Call(RULE_PASSWORD, PAIR, (first,)), end


def _callee(text: str, pos: int) -> tuple[Call | None, int]:
    """The call whose anchor starts at ``pos``, and the position of its opening parenthesis."""
    target_typed = _NEW.match(text, pos)
    if target_typed is not None and not (pos > 0 and _IDENT.match(text, pos - 1)):
        line_start = text.rfind("\n", max(0, pos - 200), pos) + 1
        if not text[
            line_start:pos
        ].strip():  # the declaration ends on the line before: "... =\n new("
            line_start = text.rfind("\n", max(0, line_start - 201), max(0, line_start - 1)) + 1
        declared = text[line_start:pos].rstrip()
        typed = _TARGET.search(declared)
        if typed is not None:
            ctor = CALLS.get(typed.group(1) + "(") or Call(RULE_PASSWORD, PAIR, (0,))
            return ctor, target_typed.end() - 1
        other = _ANY_TARGET.search(declared)
        record = _record_call(text, other.group(1)) if other else None
        return (record, target_typed.end() - 1) if record else (None, -1)
    # A callee written as a method (".auth(", ":auth(") follows its object's name.
    if not (pos > 0 and _IDENT.match(text, pos - 1)) or not _IDENT.match(text, pos):
        for length in range(min(len(text) - pos, _LONGEST), 1, -1):
            call = CALLS.get(text[pos : pos + length])
            if call is not None:
                return call, pos + length - 1
    return _generic(text, pos)


_LONGEST = max(len(k) for k in CALLS)


def _close(text: str, i: int, end: int) -> int:
    """The index of the quote closing the literal opened at ``i`` (-1 when it does not close)."""
    quote = text[i]
    j = i + 1
    while j < end:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == quote:
            return j
        if c == "\n" and quote != "`":
            return -1
        j += 1
    return -1


def _arguments(text: str, paren: int) -> list[tuple[int, int]] | None:
    """Spans of the top-level arguments of the call whose ``(`` is at ``paren``."""
    end = min(len(text), paren + 1 + MAX_ARGS_CHARS)
    args: list[tuple[int, int]] = []
    depth = 0
    start = i = paren + 1
    while i < end:
        c = text[i]
        if c in _QUOTES:
            close = _close(text, i, end)
            if close < 0:
                return None
            i = close + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                if c != ")":
                    return None
                args.append((start, i))
                return args
            depth -= 1
        elif c == "," and depth == 0:
            args.append((start, i))
            start = i + 1
        i += 1
    return None


def _literal(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The inside of the string literal an argument consists of, wrappers and suffixes aside."""
    for _ in range(3):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        wrapped = _WRAPPER.match(text, start, end)
        if wrapped is None:
            break
        inner = _arguments(text, wrapped.end() - 1)
        if not inner or inner[-1][1] != end - 1:
            return None
        start, end = inner[0]
    i = start
    if i + 1 < end and text[i] in _STRING_PREFIX and text[i + 1] in _QUOTES:
        i += 1
    if i >= end or text[i] not in _QUOTES:
        return None
    close = _close(text, i, end)
    if close < 0 or close == i + 1:
        return None
    rest = _SUFFIX.fullmatch(text, close + 1, end)
    return (i + 1, close) if rest else None
