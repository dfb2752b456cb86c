"""The assignment grammar: a secret-like *name* bound to a literal *value*, in any common syntax.

Instead of listing spellings (``db_password``, ``dbPassword``, ``DB_PASSWORD``...), the detector
hands this module the places where a vocabulary word occurs (``pass``, ``secret``, ``token``,
``key``, ``cred``, ``auth``...). For each one, :func:`find` reads the whole name around it and
parses what binds a value to it:

* assignments and key/value pairs: ``name = v``, ``name := v``, ``name => v``, ``name: v``
  (YAML, JSON, TOML, INI, ``.env``, properties, object literals, keyword arguments), also with
  the name quoted or indexed (``"name": v``, ``env["NAME"] = v``, ``define('NAME', v)``);
* typed declarations, a type between name and value: ``password: str = v``,
  ``val token: String = v``, ``const API_KEY: &str = v``, Go's ``var apiKey string = v``,
  Bicep's ``param adminPassword string = v``;
* blocks: an ARM template parameter's ``defaultValue`` or a parameter file's ``value``
  (``"name": { ..., "defaultValue": v }``), a Terraform ``variable "name" { default = v }``;
* name/value pairs, where the name is itself data: ``- name: DB_PASSWORD`` then ``value: v``
  (Kubernetes, pipelines), ``{"name": "ApiKey", "value": v}``, ``<add key="ApiKey" value="v"/>``;
* XML elements and attributes: ``<password>v</password>``, ``password="v"``;
* command-line flags: ``--password v``, ``--client-secret=v``; setters ``setPassword("v")``;
* ``.netrc`` lines (``machine h login u password v``).

The name is scored by its sub-words (camelCase, PascalCase, snake_case, kebab-case and dots are
split: ``clientSecretValue`` is client/secret/value) against a secret vocabulary and a benign
one (``hash``, ``digest``, ``public``, ``id``, ``name``, ``path``, ``url``, ``length``...). A
bare ``key`` counts only with a qualifier before it (``signingKey``, ``myServiceKey``) that is
not itself benign (``publicKey``, ``partitionKey``, ``cacheKey``).

The value is judged by the alphabet it uses (hex, base32, base64, base64url, printable) with its
entropy measured against that alphabet, and must not be a reference, a placeholder, an
identifier, a path or a self-described fake (:func:`looks_fake`). Hex under a secret name is a
secret (``secret_key = "<40 hex>"``); beside a hash word the name is benign and nothing is read.

Everything here is pure and bounded: each anchor hit costs at most a few hundred characters of
reading, so minified megabyte lines cost no more than short ones.
"""

from __future__ import annotations

import base64
import binascii
import functools
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from assess.codescan import tables

# --- names ------------------------------------------------------------------------------------

STRONG = frozenset(
    {
        "password",
        "passwd",
        "passwrd",
        "pass",
        "pwd",
        "pw",
        "passphrase",
        "passcode",
        "secret",
        "secrets",
        "token",
        "apikey",
        "credential",
        "credentials",
        "cred",
        "creds",
        "pat",
        "privatekey",
        "accesskey",
        "secretkey",
        "authtoken",
        "accesstoken",
        "clientsecret",
        "sas",
        "psk",
        "requirepass",
        "masterauth",
        "signer",
        "rocommunity",
        "rwcommunity",
        "bindpw",
        "rootpw",
        "adminpw",
        "authtok",
        "setcookie",
    }
)
"""Sub-words that make a name secret on their own (``requirepass``, ``masterauth``: Redis;
``signer``: an HMAC signer's secret, Joken's ``default_signer``; ``bindpw``, ``rootpw``: LDAP
clients and slapd; ``authtok``: SSSD's ``ldap_default_authtok``)."""

SECRET_NAMES = frozenset(
    {
        ("secret", "key", "base"),
        ("key", "octet"),
        ("snmp", "community"),
        ("snmp", "ro", "community"),
        ("erlang", "cookie"),
        ("sonar", "login"),
    }
)
"""Whole names whose last words would otherwise read as benign (Rails' ``secret_key_base``,
Joken's ``key_octet``, the Erlang distribution cookie RabbitMQ nodes share: ``erlang_cookie``,
SonarScanner's ``sonar.login``, which holds a token)."""

_WHOLE_SECRET_NAMES = frozenset({("validation", "key")})
"""Whole names holding a secret though one of their words reads as benign: ASP.NET's
``<machineKey validationKey="...">``, the key that signs view state and forms tickets."""

VENDORS = frozenset(
    {
        "stripe", "sendgrid", "mailgun", "mailchimp", "mandrill", "twilio", "pagerduty",
        "opsgenie", "datadog", "newrelic", "sentry", "algolia", "openai", "anthropic",
        "segment", "mixpanel", "amplitude", "pusher", "heroku", "shopify", "paypal",
        "braintree", "plaid", "okta", "auth0", "cloudflare", "fastly", "codecov", "snyk",
        "sonar", "vercel", "netlify", "contentful", "airtable", "hubspot", "zendesk",
        "intercom", "postmark", "sparkpost", "mapbox", "telegram", "discord", "slack",
        "github", "gitlab", "bitbucket", "circleci", "dockerhub", "npm", "pypi", "nuget",
        "linear", "notion", "asana", "trello", "jira", "atlassian", "dropbox", "splunk",
        "honeycomb", "bugsnag", "rollbar", "launchdarkly", "optimizely", "firebase",
    }
)  # fmt: skip
"""Services whose name before a ``key`` makes it that service's credential, whatever other
qualifier sits between (``PAGERDUTY_ROUTING_KEY``, ``ALGOLIA_ADMIN_KEY``)."""

VENDOR_ROLES = frozenset(
    {"admin", "live", "api", "private", "server", "write", "master", "management", "restricted"}
)
"""Role words that, right after a vendor's name and with no secret word, still name that vendor's
credential (``algoliaAdmin``, ``stripeLive``, ``sendgridApi``, ``mapboxPrivate``)."""

_VENDOR_PUBLIC_KEYS = frozenset({"maps", "search", "browser", "site", "publishable", "recaptcha"})
"""Qualifiers that keep a vendor's key public (``algolia_search_key``, ``google_maps_key``)."""

_RUN_TOGETHER = (
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "secretkey",
    "privatekey",
    "credential",
    "credentials",
    "pwd",
)
"""Lower-case names written without separators (``dbpassword``, ``apitoken``) end in one of these."""

KEY_WORDS = frozenset({"key", "keys"})
"""A key needs a qualifier before it (``signing key``), unless the value is unmistakable."""

AUTH_WORDS = frozenset({"auth"})
"""``_auth`` (npm), ``auth`` (Docker config): base64 of ``user:password``, or a random value."""

NEUTRAL_TAIL = frozenset(
    {
        "value",
        "val",
        "str",
        "string",
        "text",
        "b64",
        "base64",
        "enc",
        "encoded",
        "data",
        "raw",
        "plain",
        "plaintext",
        "literal",
        "hex",
        "bytes",
        "secure",
        "securestring",
        "prod",
        "production",
        "dev",
        "staging",
        "stage",
        "qa",
        "uat",
        "live",
        "primary",
        "secondary",
        "old",
        "new",
        "current",
        "default",
        "override",
        "here",
    }
)
"""Words after the secret word that do not change what the name holds (``passwordValue``)."""

BENIGN_ANY = frozenset(
    {
        "hash",
        "hashed",
        "hashes",
        "digest",
        "checksum",
        "sha",
        "sha1",
        "sha256",
        "sha384",
        "sha512",
        "md5",
        "crc",
        "crc32",
        "commit",
        "fingerprint",
        "thumbprint",
        "integrity",
        "public",
        "pub",
        "publishable",
        "next",
        "page",
        "paging",
        "pagination",
        "cursor",
        "continuation",
        "csrf",
        "xsrf",
        "idempotency",
        "sync",
        "cancellation",
        "cancel",
        "lexer",
        "parser",
        "tokenizer",
        "mask",
        "masked",
        "redacted",
        "placeholder",
        "example",
        "sample",
        "dummy",
        "fake",
        "mock",
        "regex",
        "regexp",
        "pattern",
        "validation",
        "validator",
        "forgot",
        "reset",
        "strength",
        "complexity",
        "min",
        "max",
        "num",
        "count",
        "bypass",
        "result",
        "marker",
        "resume",
        "skip",
        "input",
        "output",
        "request",
        "field",
        "label",
        "prompt",
        "hint",
        "message",
        "error",
        "i18n",
        "translation",
        "existing",
    }
)
"""Any of these in a name means it does not hold a secret (a hash, a public key, a cursor...)."""

BENIGN_LAST = frozenset(
    {
        "id",
        "ids",
        "name",
        "names",
        "path",
        "paths",
        "file",
        "filename",
        "filepath",
        "files",
        "dir",
        "directory",
        "folder",
        "url",
        "uri",
        "urls",
        "link",
        "endpoint",
        "host",
        "hostname",
        "server",
        "port",
        "version",
        "length",
        "len",
        "size",
        "type",
        "types",
        "kind",
        "format",
        "policy",
        "policies",
        "rotation",
        "expiry",
        "expires",
        "expiration",
        "expire",
        "expired",
        "lifetime",
        "ttl",
        "timeout",
        "age",
        "enabled",
        "enable",
        "disabled",
        "required",
        "header",
        "headers",
        "prefix",
        "suffix",
        "mode",
        "ref",
        "refs",
        "reference",
        "env",
        "var",
        "variable",
        "param",
        "parameter",
        "location",
        "provider",
        "manager",
        "store",
        "storage",
        "vault",
        "source",
        "user",
        "username",
        "login",
        "email",
        "owner",
        "issuer",
        "audience",
        "scope",
        "scopes",
        "grant",
        "title",
        "description",
        "desc",
        "column",
        "table",
        "index",
        "template",
        "generator",
        "uuid",
        "guid",
        "arn",
        "resource",
        "attribute",
        "property",
        "setting",
        "icon",
        "image",
        "color",
        "style",
        "class",
        "selector",
        "button",
        "form",
        "visible",
        "visibility",
        "show",
        "toggle",
        "hidden",
        "display",
        "callback",
        "handler",
        "listener",
        "event",
        "response",
        "service",
        "helper",
        "util",
        "utils",
        "factory",
        "builder",
        "schema",
        "model",
        "spec",
        "encoding",
        "charset",
        "algorithm",
        "alg",
        "date",
        "time",
        "timestamp",
        "at",
        "created",
        "updated",
        "issued",
        "last",
        "state",
        "status",
        "rule",
        "rules",
        "command",
        "cmd",
        "script",
        "flag",
        "option",
        "options",
        "opts",
        "args",
        "arg",
        "list",
        "map",
        "dict",
        "array",
        "cache",
        "dialog",
        "modal",
        "screen",
        "view",
        "component",
        "controller",
        "route",
        "action",
        "method",
        "usage",
        "used",
        "config",
        "configuration",
        "settings",
        "authority",
        "authentication",
        "authorization",
        "kid",
        "nonce",
        "salt",
        "iv",
        "position",
        "offset",
        "start",
        "end",
        "slot",
        "lock",
        "limit",
        "limits",
        "bits",
        "changed",
        "sent",
        "secretref",
        "ui",
    }
)
"""The last significant word of a name that names something other than the secret itself."""

HARD_BENIGN_KEY_QUALIFIERS = frozenset(
    {
        "public",
        "pub",
        "publishable",
        "site",
        "vapid",
        "partition",
        "sort",
        "row",
        "foreign",
        "pusher",
    }
)
"""Qualifiers that make any key a non-secret, whatever else the name says (``siteKey``; Pusher's
app key is public by design, its secret is not)."""

BENIGN_KEY_QUALIFIERS = frozenset(
    {
        "sort",
        "partition",
        "row",
        "foreign",
        "cache",
        "lookup",
        "map",
        "dict",
        "hot",
        "shortcut",
        "keyboard",
        "idempotency",
        "dedup",
        "dedupe",
        "deduplication",
        "unique",
        "object",
        "item",
        "entity",
        "index",
        "composite",
        "natural",
        "surrogate",
        "registry",
        "translation",
        "message",
        "locale",
        "resource",
        "label",
        "routing",
        "shard",
        "bucket",
        "instrumentation",
        "group",
        "sequence",
        "tracking",
        "measurement",
        "property",
        "product",
        "form",
        "field",
        "column",
        "attribute",
        "enum",
        "feature",
        "event",
        "metric",
        "dimension",
        "join",
        "order",
        "sorting",
        "s3",
        "blob",
        "file",
        "path",
        "react",
        "list",
        "component",
        "state",
        "local",
        "session",
        "config",
        "setting",
        "settings",
        "env",
        "lang",
        "i18n",
        "toggle",
        "flag",
        "data",
        "json",
        "yaml",
        "hash",
        "ssh",
        "gpg",
        "recv",
        "pgp",
        "known",
        "trusted",
        "verify",
        "verification",
        "recaptcha",
        "captcha",
        "maps",
    }
)
"""Qualifiers that make ``<qualifier> key`` something other than a secret."""

_STRONG_KEY_QUALIFIERS = frozenset({"api", "access", "private", "signing", "encryption", "master"})

# Levels of how sure the name is.
NONE, BARE, KEYISH, STRONG_NAME = 0, 1, 2, 3

_SPLIT = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


_UNMARKED = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss"}
)
"""Latin letters whose stroke or form is not a combining mark (Polish ``hasło``, Danish ``ø``,
Turkish dotless ``ı``): read as their plain letter, as the marked ones are."""


def _without_marks(text: str) -> str:
    """``text`` with the diacritics of its Latin letters removed (``ñ`` read as ``n``, ``ł`` as
    ``l``); full-width letters read as ASCII. Other scripts are folded the same way everywhere
    (their vocabulary below included), so they compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNMARKED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_SPLIT_ANY = re.compile(_SPLIT.pattern + r"|[^\W\d_A-Za-z]+")


def split_words(name: str) -> list[str]:
    """Lower-case sub-words of a name: camelCase, PascalCase, snake, kebab, dots, colons.

    Latin letters with diacritics are read without them (``contraseña`` is ``contrasena``);
    a run of letters of another script is one word (``пароль``, ``数据库密码``)."""
    if name.isascii():
        return [w.lower() for w in _SPLIT.findall(name)]
    return [w.lower() for w in _SPLIT_ANY.findall(_without_marks(name))]


def _strong(word: str) -> bool:
    if word in STRONG or word in FOREIGN:
        return True
    if len(word) >= 6 and word.endswith("pass") and word not in _NOT_PASS:
        return True  # keytool's storepass and keypass, rootpass, smtppass
    return len(word) >= 7 and any(
        word.endswith(s) and len(word) - len(s) >= 2 for s in _RUN_TOGETHER
    )


FOREIGN = frozenset(
    {
        "passwort", "kennwort", "passe", "motdepasse", "contrasena", "contrasenya", "senha",
        "wachtwoord", "haslo", "losenord", "salasana", "jelszo", "parola", "geslo", "lozinka",
        "heslo", "passord", "adgangskode", "sifre", "parool",
        # Turkish names carry a possessive suffix: sistemin şifresi, parolanız.
        "sifresi", "sifreniz", "parolasi", "parolaniz",
        # Secret and token: German, Spanish, Portuguese, Italian, Polish, French and Turkish.
        "geheimnis", "geheim", "secreto", "secreta", "segredo", "segreto", "segreta", "sekret",
        "jeton", "jetonu",
    }
)  # fmt: skip
"""Password, secret and token in other languages (German, French, Spanish, Catalan, Portuguese,
Dutch, Polish, Swedish, Finnish, Hungarian, Italian and Turkish, Slovene, Croatian, Czech and
Slovak, Norwegian, Danish, Estonian), as names are written in code and configuration that are
not in English."""

FOREIGN_KEYS = frozenset(
    {
        "schluessel", "schlussel", "clave", "cle", "chave", "chiave", "sleutel", "klucz",
        "anahtar", "anahtari", "nyckel", "nokkel", "avain", "kulcs", "llave", "kunci", "cheie",
        "klic", "kljuc",
    }
)  # fmt: skip
"""Key in other languages (German, Spanish, French, Portuguese, Italian, Dutch, Polish, Turkish
with its possessive, Swedish, Norwegian, Finnish, Hungarian, Indonesian, Romanian, Czech,
Croatian): like ``key``, a credential's name
with a qualifier, which these languages put before the word (``mautApiSchluessel``,
``api_anahtari``) or after it (``clave_api``, ``chave_de_acesso``, ``CLAVE_CORREOS``)."""

_FOREIGN_LINKS = frozenset(
    {"de", "da", "do", "del", "di", "du", "des", "della", "dello", "der", "die", "das", "van",
     "voor", "per", "para", "pour", "por"}
)  # fmt: skip
"""Linking words between a key word and its qualifier (``chave_de_acesso``, ``cle_du_service``)."""

_FOREIGN_STRONG_QUALIFIERS = frozenset(
    {
        "api", "acceso", "acesso", "accesso", "acces", "zugang", "zugangs", "zugriff", "dostep",
        "dostepu", "erisim", "toegang", "secreta", "secreto", "secrete", "segreta",
        "geheim", "geheime", "geheimer", "gizli", "privada", "privado", "privee", "privata",
        "privat", "private", "prywatny", "ozel", "maestra", "mestra", "mestre", "maitre",
        "firma", "assinatura", "signature", "signatur", "imza", "cifrado", "chiffrement",
        "verschluesselung", "sifreleme", "cifratura", "szyfrowania",
    }
)  # fmt: skip
"""Qualifiers that make a key a credential in those languages (access, secret, private,
master, signing, encryption)."""

_FOREIGN_BENIGN_QUALIFIERS = frozenset(
    {
        "publica", "publico", "publique", "pubblica", "pubblico", "publiczny", "oeffentlich",
        "oeffentlicher", "offentlich", "offentlicher", "openbaar", "openbare", "acik", "primaria",
        "primario", "primaire", "primaer", "foranea", "estrangeira", "etrangere", "esterna",
        "externe", "fremd", "obca", "ordenacion", "ordenacao", "tri", "busqueda", "valor",
        "valeur", "wert", "waarde", "valore", "wartosc", "deger", "cache", "idioma", "langue",
        "sprache", "traduccion", "traduction",
    }
)  # fmt: skip
"""Qualifiers that make such a key something other than a credential (public, primary, foreign,
sort, search, value, cache, language keys)."""

NON_LATIN_PASSWORDS = (
    "пароль", "парола", "лозинка", "токен", "密码", "密碼", "口令", "パスワード", "暗証番号",
    "비밀번호", "암호", "كلمةالمرور", "كلمةالسر", "رمزعبور", "סיסמה", "סיסמא", "κωδικός",
    "συνθηματικό",
    # Secret, secret key, private key, access key and token: Chinese (simplified and
    # traditional), Japanese, Russian, Korean.
    "密钥", "秘钥", "密鑰", "金鑰", "私钥", "私鑰", "令牌", "秘密鍵", "トークン", "シークレット",
    "アクセスキー", "シークレットキー", "секрет", "토큰", "비밀키",
)  # fmt: skip
"""Password, secret and token in scripts other than Latin: Russian, Ukrainian and Bulgarian,
Serbian, Chinese, Japanese, Korean, Arabic (two words, joined), Persian, Hebrew, Greek.
Names in these scripts are often written without separators (``数据库密码``, ``接口密钥``), so a
name holds one of them when its words, joined, contain it."""

NON_LATIN_KEYS = ("キー", "鍵", "ключ", "키")
"""Key in other scripts (Japanese, Russian, Korean): a credential's name with a qualifier, as
``key`` is (``APIキー``, ``api_ключ``)."""

_NON_LATIN_FOLDED = tuple("".join(split_words(w)) for w in NON_LATIN_PASSWORDS)
_KEY_WORDS_ANY = FOREIGN_KEYS | {"".join(split_words(w)) for w in NON_LATIN_KEYS}

NON_LATIN_WORDS = frozenset(
    {*NON_LATIN_PASSWORDS, *NON_LATIN_KEYS, "كلمة", "رمز", "şifre", "Şifre", "ŞİFRE",
     "ŞIFRE", "hasło", "Hasło", "HASŁO", "jelszó", "Jelszó", "JELSZÓ", "lösenord",
     "Lösenord", "LÖSENORD", "schlüssel", "Schlüssel", "SCHLÜSSEL", "clé", "Clé", "CLÉ",
     "nøkkel", "Nøkkel", "NØKKEL", "klíč", "Klíč", "KLÍČ", "ključ", "Ključ", "KLJUČ"}
)  # fmt: skip
NON_LATIN_NAMES = re.compile(
    "|".join(re.escape(w) for w in sorted(NON_LATIN_WORDS, key=lambda w: (-len(w), w))),
    re.IGNORECASE,
)
"""Where a password, secret or key word the ASCII anchors cannot see occurs: the words above, and
Latin ones that carry a mark (Turkish ``şifre``, Polish ``hasło``, Hungarian ``jelszó``, Swedish
``lösenord``, German ``Schlüssel``, French ``clé``). Searched only in text that is not ASCII."""


NON_LATIN_BENIGN = (
    "名称", "名稱", "名字", "名", "长度", "長度", "長さ", "类型", "類型", "種類", "タイプ", "策略",
    "政策", "ポリシー", "期限", "过期", "過期", "有效期", "提示", "ヒント", "规则", "規則", "ルール",
    "版本", "バージョン", "文件", "ファイル", "路径", "路徑", "编号", "編號", "标识", "識別子", "管理",
    "强度", "強度", "复杂度", "複雑さ", "重置", "リセット", "字段", "欄位", "项目", "項目",
    "имя", "название", "длина", "тип", "срок", "политика", "подсказка", "сложность", "сброс",
    "поле", "이름", "길이", "유형", "만료", "정책", "힌트", "재설정",
)  # fmt: skip
"""Words that, after a password or key word in those scripts, make the name about the secret
rather than the secret itself: its name, length, type, policy, expiry, hint, rule, version, file,
path, number, strength, reset or field (``密钥名称``, ``密码长度``, ``パスワードポリシー``)."""

_NON_LATIN_BENIGN_FOLDED = tuple("".join(split_words(w)) for w in NON_LATIN_BENIGN)


def _non_latin_password(words: list[str]) -> bool:
    joined = "".join(w for w in words if not w.isascii())
    for word in _NON_LATIN_FOLDED:
        at = joined.find(word)
        if at >= 0 and not any(b in joined[at + len(word) :] for b in _NON_LATIN_BENIGN_FOLDED):
            return True
    return False


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_NON_LATIN_REACH = max(map(len, NON_LATIN_WORDS))
_ASCII_BLOCK = 4096


def non_latin_hits(text: str) -> list[int]:
    """Starts of password words written in other scripts or with marked first letters.

    Each word holds a letter that only a letter outside ASCII matches, so only the stretches
    around such letters are searched (as far on each side as the longest word), and blocks of
    text that are all ASCII are skipped whole: the same matches as one search of the whole text,
    which in a file with a few accents or arrows in its comments cost more than the rest of the
    scan."""
    out: list[int] = []
    search = NON_LATIN_NAMES.finditer
    lo = hi = 0
    for block in range(0, len(text), _ASCII_BLOCK):
        if text[block : block + _ASCII_BLOCK].isascii():
            continue
        for run in _NON_ASCII.finditer(text, block, block + _ASCII_BLOCK):
            start, end = max(0, run.start() - _NON_LATIN_REACH), run.end() + _NON_LATIN_REACH
            if start > hi:
                out.extend(m.start() for m in search(text, lo, hi))
                lo = start
            hi = end
    out.extend(m.start() for m in search(text, lo, hi))
    return out


_NOT_PASS = frozenset(
    {
        "bypass", "compass", "overpass", "surpass", "trespass", "underpass", "multipass",
        "encompass", "subpass", "renderpass", "firstpass", "onepass", "twopass", "singlepass",
        "highpass", "lowpass", "bandpass", "allpass", "notchpass",
    }
)  # fmt: skip
"""Words ending in ``pass`` that are not passwords."""


@functools.lru_cache(maxsize=8192)
def name_level(name: str) -> int:
    """How surely a name holds a secret: 0 no, 1 bare key/auth, 2 qualified key, 3 secret word."""
    words = [w for w in split_words(name) if not w.isdigit()]
    if not words or ("::" in name and any(p[:1].isupper() for p in name.split("::"))):
        return NONE
    if tuple(words) in _WHOLE_SECRET_NAMES:
        return STRONG_NAME
    if any(w in BENIGN_ANY for w in words):
        return NONE
    # Drop neutral words at the end: passwordValue, API_KEY_B64, DB_PASSWORD_PROD.
    core = list(words)
    while len(core) > 1 and core[-1] in NEUTRAL_TAIL:
        core.pop()
    if tuple(core[-3:]) in SECRET_NAMES or tuple(core[-2:]) in SECRET_NAMES:
        return STRONG_NAME
    last = core[-1]
    if last in BENIGN_LAST:
        return NONE
    if _strong(last) or any(_foreign_password(w) for w in core) or _non_latin_password(core):
        return STRONG_NAME  # the foreign words often come first: contrasena_bd, senha_admin
    foreign = _foreign_key_level(core)
    if foreign is not None:
        return foreign
    if last in KEY_WORDS:
        qualifiers = core[:-1]
        if any(q in HARD_BENIGN_KEY_QUALIFIERS for q in qualifiers):
            return NONE
        if any(_strong(q) or q in _STRONG_KEY_QUALIFIERS for q in qualifiers):
            return STRONG_NAME  # secret_key, api_key(s), access_key, private_key
        joined = {a + b for a, b in itertools.pairwise(qualifiers)}  # pagerDuty, sendGrid
        if any(q in VENDORS for q in (*qualifiers, *joined)) and not any(
            q in _VENDOR_PUBLIC_KEYS for q in qualifiers
        ):
            return KEYISH  # a service's own key: the value must still look random
        if any(q in BENIGN_KEY_QUALIFIERS for q in qualifiers):
            return NONE
        return KEYISH if qualifiers else BARE
    if last in AUTH_WORDS:
        return BARE
    if _vendor_role(words):
        return KEYISH  # algoliaAdmin, STRIPE_LIVE: the value must still look random
    # A secret word earlier in the name, followed by words that are neither benign nor neutral
    # (``secret_for_payments``) is too vague to count.
    return NONE


def _foreign_key_level(words: list[str]) -> int | None:
    """The level of a name holding ``key`` in another language (``clave_api``, ``APIキー``), its
    qualifiers on either side; None when it holds no such word."""
    at = {i for i, w in enumerate(words) if w in _KEY_WORDS_ANY}
    if not at:
        return None
    qualifiers = [w for i, w in enumerate(words) if i not in at and w not in _FOREIGN_LINKS]
    if any(q in _FOREIGN_BENIGN_QUALIFIERS or q in HARD_BENIGN_KEY_QUALIFIERS for q in qualifiers):
        return NONE
    if any(
        q in _FOREIGN_STRONG_QUALIFIERS or q in _STRONG_KEY_QUALIFIERS or _strong(q)
        for q in qualifiers
    ):
        return STRONG_NAME
    if any(q in BENIGN_KEY_QUALIFIERS for q in qualifiers):
        return NONE
    return KEYISH if qualifiers else BARE


def _wordy(value: str) -> bool:
    """At least half of the value's letters are in dictionary-like words of 4+ letters."""
    tokens = _WORDISH.findall(value)
    letters = sum(len(t) for t in tokens)
    wordy = sum(len(t) for t in tokens if len(t) >= 4 and _wordlike(t))
    return letters > 0 and wordy * 2 >= letters


def _vendor_role(words: list[str]) -> bool:
    """A vendor's name followed by a role word and at most neutral words (``stripeLive``)."""
    core = list(words)
    while len(core) > 2 and core[-1] in NEUTRAL_TAIL and core[-1] not in VENDOR_ROLES:
        core.pop()
    if len(core) < 2 or core[-1] not in VENDOR_ROLES:
        return False
    before = core[:-1]
    return before[-1] in VENDORS or (len(before) > 1 and before[-2] + before[-1] in VENDORS)


# --- values -----------------------------------------------------------------------------------

_HEX = frozenset("0123456789abcdefABCDEF")
_B32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567=")
_B64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def alphabet(value: str) -> tuple[str, int]:
    """The smallest usual alphabet a value is written in, and that alphabet's size."""
    chars = set(value)
    if chars <= _HEX and not (chars & set("abcdef") and chars & set("ABCDEF")):
        return "hex", 16
    if chars <= _B32 or chars <= set(c.lower() for c in _B32):
        return "base32", 32
    if chars <= _ALNUM:
        return "base62", 62
    if chars <= _B64URL:
        return "base64url", 64
    if chars <= _B64:
        return "base64", 64
    return "printable", 94


def shannon(value: str) -> float:
    n = len(value)
    if not n:
        return 0.0
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def relative_entropy(value: str) -> float:
    """Entropy as a share of the most a string of this length over its alphabet can have."""
    _, size = alphabet(value)
    top = math.log2(min(size, len(value))) if len(value) > 1 else 1.0
    return shannon(value) / top if top else 0.0


_FAKE_MARKERS = frozenset(
    {
        "fake",
        "test",
        "tests",
        "testing",
        "example",
        "examples",
        "dummy",
        "sample",
        "samples",
        "placeholder",
        "changeme",
        "change",
        "replace",
        "your",
        "yours",
        "mock",
        "mocked",
        "stub",
        "demo",
        "invalid",
        "bogus",
        "redacted",
        "insert",
        "todo",
        "foo",
        "bar",
        "baz",
        "lorem",
        "ipsum",
        "xxx",
        "xxxx",
        "notreal",
        "unused",
        "nothing",
    }
)
_FAKE_SUBSTRINGS = (
    "fake",
    "dummy",
    "example",
    "sample",
    "placeholder",
    "changeme",
    "notreal",
    "notareal",
    "notasecret",
    "redacted",
    "notforprod",
    "notusedinprod",
    "notforuse",
)
# Marker words written as words are (fake, FAKE, Fake), also run together with others.
_FAKE_WORD = re.compile("|".join(f"{w}|{w.upper()}|{w.capitalize()}" for w in _FAKE_SUBSTRINGS))
_WORDISH = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_VOWELS = frozenset("aeiouy")
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{4,}")


def _wordlike(token: str) -> bool:
    t = token.lower()
    if not t.isalpha() or len(t) < 2:
        return False
    if t in _FAKE_MARKERS:
        return True
    if len(t) > 24 or not set(t) & _VOWELS:
        return False
    if len(t) <= 14 and not _CONSONANT_RUN.search(t):
        return True
    # Compounds of German, Dutch or Polish are long and carry runs of four consonants
    # (Zugangstoken, Kennwortrichtlinie) with plenty of vowels around them; random letters have
    # few vowels.
    vowels = sum(c in _VOWELS for c in t)
    return vowels >= 0.3 * len(t) and not _FIVE_CONSONANTS.search(t)


_FIVE_CONSONANTS = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")


_SELF_WORDS = frozenset(
    {
        "my", "your", "our", "the", "super", "very", "top", "new", "default", "strong",
        "secret", "secrets", "password", "passwd", "pass", "pwd", "token", "key", "api",
        "access", "admin", "root", "user", "db", "database", "app", "private", "client",
        "auth", "master", "sa", "postgres", "mysql", "redis", "mongo", "is", "this",
    }
)  # fmt: skip
_SELF_CORE = frozenset({"secret", "secrets", "password", "passwd", "pass", "pwd", "token", "key"})


def self_described(value: str) -> bool:
    """A value made only of words saying what it is: ``mysecretpassword``, ``SuperSecret123``,
    ``admin-password`` (documentation samples and local defaults, not issued credentials)."""
    letters = re.sub(r"[^a-z]", "", value.lower())
    digits = sum(c.isdigit() for c in value)
    if not letters or digits > 4 or len(letters) + digits < len(value) - 3:
        return False
    # Split the letters into vocabulary words (shortest first, then backtrack).
    best: list[list[str] | None] = [None] * (len(letters) + 1)
    best[0] = []
    for i in range(len(letters)):
        words = best[i]
        if words is None:
            continue
        for j in range(i + 2, min(len(letters), i + 8) + 1):
            if letters[i:j] in _SELF_WORDS and best[j] is None:
                best[j] = [*words, letters[i:j]]
    found = best[len(letters)]
    return found is not None and len(found) >= 2 and any(w in _SELF_CORE for w in found)


def looks_fake(value: str) -> bool:
    """A value made mostly of words, with a fake/test/example/dummy/not-real marker among them.

    ``not-a-real-password``, ``fake_stripe_key_for_tests``, ``test-token-123``,
    ``YourApiKeyHere``: reported by nothing. A random value with a marker word glued on
    (``k9Xq2...Lm-test``) is still mostly random, so it stays reportable.
    """
    if _FAKE_WORD.search(re.sub(r"[^A-Za-z]", "", value)) or self_described(value):
        return True
    pieces = [p for p in re.split(r"[^A-Za-z0-9]+", value) if p]
    delimited = {p.lower() for p in pieces}
    tokens = [t for p in pieces for t in _WORDISH.findall(p)]
    if not tokens:
        return False
    words = [t.lower() for t in tokens]
    # A short marker (foo, bar, your) counts only standing on its own between separators: inside
    # a random value, camel-case splitting turns up such pieces by chance.
    marked = any(w in _FAKE_MARKERS and (len(w) >= 4 or w in delimited) for w in words) or (
        "not" in words and "real" in words
    )
    if not marked:
        return False
    total = sum(len(t) for t in tokens)
    covered = sum(
        len(t) for t in tokens if (len(t) >= 3 and _wordlike(t)) or (t.isdigit() and len(t) <= 4)
    )
    return covered >= 0.6 * total and total >= 3 * len(tokens)


_PLACEHOLDER = re.compile(
    r"""
    \$\{ | \$\( | \{\{ | \}\} | \{\d{0,2}\} | %\( | %[sd](?=$|[\s/:@._,;'"\]\)\-]) | <[^<>]{0,80}> | \#\{ | \[\[ | \]\]
    | process\.env | os\.environ | getenv | environ\.get | Environment\.GetEnvironmentVariable
    | @Microsoft\.KeyVault\( | \.vault\.azure\.net/secrets/ | \.vault\.azure\.net/keys/
    | ^\$[A-Za-z_] | ^%[A-Za-z_]+%$ | ^__[A-Za-z_]+__$ | ^@[A-Za-z_]+@$
    | ^%\{[^{}\s]{1,120}\}[a-z]?$ | ^%\[[^\]]{1,80}\]$
    | xxxx | \*\*\*\* | \.\.\. | ____ | \#\#\#\#
    | change[_-]?me | changeit | placeholder | replace[_-]?me | \byour[_-] | your[_-]?(?:own|key|secret|pass|token|api)
    | [_-]here\b
    | redacted | dummy | example | sample
    | ^my[_-]?(?:pass(?:word)?|secret|token|key|api[_-]?key)\d*$
    | ^hunter2$ | correct[_-]?horse[_-]?battery[_-]?staple
    | abcd1234 | a1b2c3d4 | 1234567890 | 0123456789 | abcdefghij | qwerty
    | ^(?:none|null|nil|true|false|undefined|secret|password|passw0rd|token|test|testing|default)$
    """,
    re.IGNORECASE | re.VERBOSE,
)


def looks_like_placeholder(value: str) -> bool:
    """True for template variables, environment lookups, vault references and filler values."""
    return bool(_PLACEHOLDER.search(value))


_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_LETTERS_AND_SEPARATORS = re.compile(r"[A-Za-z]+(?:[_\-.:/,][A-Za-z]+)*")
_DOTTED = re.compile(r"[A-Za-z_$][\w$]*(?:(?:\.|::|->|\?\.)[A-Za-z_$][\w$]*)+(?:\(\)|\[\d+\])?")
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_ENCRYPTED = re.compile(r"ENC\[|ENC\(|vault:v\d+:|\$ANSIBLE_VAULT;|AQICAH|AQAAANCMnd8BFdERjHoAwE")
"""Ciphertext a key elsewhere decrypts: SOPS, Jasypt, Vault transit, KMS, Windows DPAPI blobs."""
_HASHED = re.compile(
    r"(?:pbkdf2_sha256|pbkdf2_sha1|argon2|bcrypt_sha256|bcrypt|scrypt|sha1|md5|unsalted_md5"
    r"|unsalted_sha1|crypt)\$|md5[0-9a-f]{32}$|SCRAM-SHA-256\$|\{(?:SSHA|SHA|SSHA256|SSHA512|PBKDF2|CRYPT|MD5)\}",
    re.IGNORECASE,
)
"""Password hashes and verifiers, not passwords: Django's ``algorithm$...``, PostgreSQL's md5 and
SCRAM verifiers, LDAP's ``{SSHA}``."""
_PUBLIC_VALUE = re.compile(r"pk\.eyJ|pk_(?:live|test)_|age1[02-9ac-hj-np-z]{58}$|npub1")
"""Values that are public by design: Mapbox public tokens, Stripe publishable keys, age recipients."""
_INTEGRITY = re.compile(r"(?:sha1|sha256|sha384|sha512|md5)[-:]", re.IGNORECASE)
_PATH_OR_URL = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://|\.{0,2}/|~/|[A-Za-z]:\\|\\\\|arn:|urn:|file:|data:|mailto:)",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)
_FILE_NAME = re.compile(
    r".+\.(?:pem|key|crt|cer|pfx|p12|json|ya?ml|txt|env|ini|cfg|conf|xml|jks|keystore|pub|der|gpg|asc)$",
    re.IGNORECASE,
)
_CALL = re.compile(r"^[A-Za-z_$][\w$.]*\(")
_KEYWORDS = frozenset(
    {
        "true",
        "false",
        "null",
        "none",
        "nil",
        "undefined",
        "yes",
        "no",
        "on",
        "off",
        "required",
        "optional",
        "string",
        "securestring",
        "secureobject",
        "int",
        "bool",
        "boolean",
        "object",
        "empty",
        "disabled",
        "enabled",
        "sensitive",
        "nonsensitive",
    }
)
MIN_LENGTH = {BARE: 20, KEYISH: 16, STRONG_NAME: 6}
_ALGORITHM = re.compile(
    r"(?:HS|RS|ES|PS)(?:256|384|512)K?|EdDSA|Ed25519|HMAC-?SHA-?(?:1|256|384|512)"
    r"|base(?:16|32|58|62|64)(?:url)?|utf-?(?:8|16|32)|latin-?1|aes-?(?:128|192|256)(?:-[a-z]{3})?"
    r"|sha-?(?:1|224|256|384|512)|md5",
    re.I,
)
"""Names of algorithms and encodings (``signer: "HS256"``, ``encoding="base64"``)."""


def _identifier(value: str) -> bool:
    """Letters written as words: ``myPassword``, ``db-password``, ``AWSAccessKeyId``."""
    if not _LETTERS_AND_SEPARATORS.fullmatch(value):
        return False
    tokens = _WORDISH.findall(value)
    letters = sum(len(t) for t in tokens)
    if letters < 3 * len(tokens):
        return False  # many one- and two-letter pieces: random letters, not words
    return sum(len(t) for t in tokens if _wordlike(t) or t.isupper()) >= 0.7 * letters


def _reference(value: str) -> bool:
    """``settings.DB_PASSWORD``, ``this.props.apiKey``: a dotted path of identifiers (a random
    password with a dot in it, ``ldCw0mvkaYcm.BEO``, is not one)."""
    if not _DOTTED.fullmatch(value):
        return False
    parts = re.split(r"\.|::|->|\?\.", re.sub(r"\(\)$|\[\d+\]$", "", value))
    return all(len(p) <= 4 or _word_part(p) for p in parts)


_PART = re.compile(r"[A-Za-z_$]+\d{0,3}")


def _word_part(part: str) -> bool:
    """One part of a dotted path written as words (``DB_PASSWORD``, ``apiKey2``)."""
    if not _PART.fullmatch(part):
        return False  # digits inside letters: random text
    tokens = _WORDISH.findall(part.rstrip("0123456789"))
    letters = sum(len(t) for t in tokens)
    wordy = sum(len(t) for t in tokens if _wordlike(t) or (t.isupper() and len(t) <= 5))
    return letters > 0 and wordy >= 0.7 * letters


_UNQUOTED_FIRST = "$%{[(<!&*|>#@\\"
"""First characters that make an unquoted value a reference, tag, anchor or comment (YAML's
``*alias``, ``!Ref``, ``&anchor``, ``# comment``); inside quotes only the template and markup
ones count."""
_QUOTED_FIRST = "${[(<\\"


def _word_slug(value: str) -> bool:
    """Words joined by separators, with at most short numbers: ``checkout-v2-2026``."""
    pieces = re.split(r"[-_.:/]", value)
    if len(pieces) < 2:
        return False
    return all(
        (p.isdigit() and len(p) <= 4)
        or (p.isalpha() and (_wordlike(p) or len(p) <= 3 or _slug_word(p)))
        for p in pieces
    )


_NAMESPACED = re.compile(r"[a-z][a-z_]{2,20}:(?!//)")
_LONG_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")


def _slug_word(piece: str) -> bool:
    """A lower-case word of a slug with a run of four consonants (``turnstile``, ``strength``):
    enough vowels and no longer run."""
    vowels = sum(c in _VOWELS for c in piece)
    return piece.islower() and vowels >= 0.3 * len(piece) and not _LONG_CONSONANT_RUN.search(piece)


_BASE64_TOKEN = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")


def base64_key(value: str) -> bool:
    """A standalone base64 key that happens to start with ``/`` (one key in 64 does), not a path.

    A single token of the base64 alphabet whose length is a whole number of base64 blocks, that
    decodes, mixes upper case, lower case and digits with high entropy, and whose ``/``-separated
    pieces are not words: ``/Xy3kLm9...oP2=`` (a 44-character Service Bus or storage key) is a
    key; ``/usr/lib/x86_64-linux-gnu``, ``/api/v1/keys/rotate`` and ``/etc/ssl/private/tls.key``
    are paths.
    """
    if len(value) % 4 or not _BASE64_TOKEN.fullmatch(value):
        return False
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    body = value.rstrip("=")
    if not (any(c.isupper() for c in body) and any(c.islower() for c in body)):
        return False
    if relative_entropy(body) < 0.8:
        return False
    wordy = sum(len(p) for p in body.split("/") if _path_piece(p))
    return wordy < 0.3 * len(body)


_RUNS = re.compile(r"[A-Za-z]+|\d+")


def _path_piece(piece: str) -> bool:
    """A piece of a path: a few words and numbers (``Documents``, ``v1``, ``Key2024A``), each
    word in one case or capitalised; random text flips case inside its runs of letters."""
    runs = _RUNS.findall(piece)
    if not runs or len(runs) > 3 or sum(map(len, runs)) != len(piece):
        return False
    return all(
        r.isdigit()
        or ((r.islower() or r.isupper() or r.istitle()) and (len(r) <= 3 or _wordlike(r)))
        for r in runs
    )


def value_is_secret(value: str, level: int, *, quoted: bool = False) -> bool:
    """Whether a literal bound to a name of ``level`` is plausibly a real secret."""
    n = len(value)
    if level == NONE or n < MIN_LENGTH[level] or n > 1000:
        return False
    if any(c.isspace() for c in value) or not value.isprintable():
        return False
    first = _QUOTED_FIRST if quoted else _UNQUOTED_FIRST
    if value.lower() in _KEYWORDS or value[0] in first or value.endswith(")"):
        return False
    if _ALGORITHM.fullmatch(value):
        return False  # signer: "HS256", alg: "ES256K"
    if looks_like_placeholder(value) or looks_fake(value) or instruction_hint(value):
        return False
    if value.isdigit() or _INTEGRITY.match(value):
        return False
    if _GUID.fullmatch(value):
        # A GUID under a password or token name is the credential (Codecov, Heroku and Snyk
        # tokens are GUIDs); under a key or anything vaguer it is an identifier.
        return level == STRONG_NAME and shannon(value.replace("-", "")) >= 3.0
    if _ENCRYPTED.match(value) or _HASHED.match(value) or _PUBLIC_VALUE.match(value):
        return False  # ciphertext, a password hash, or a value meant to be public
    if _reference(value) or _ENV_NAME.fullmatch(value) or _CALL.match(value):
        return False
    if _PATH_OR_URL.match(value) and not base64_key(value):
        return False
    if _EMAIL.fullmatch(value) or _FILE_NAME.fullmatch(value):
        return False
    if value.startswith("eyJ") and value.count(".") == 2:
        return False  # a JWT: the jwt rule decides, with its own validation
    if len(value) < 32 and _identifier(value.lstrip("#!&*@|>").rstrip(".,;:!?")):
        return False  # a word or an identifier (``myPassword``, ``db-password``, ``value.``)
    if len(value) < 32 and not value.isascii():
        plain = _without_marks(value)
        if (plain.isascii() and _identifier(plain)) or (not plain.isascii() and value.isalpha()):
            return False  # a label in another language: ``Contraseña``, ``Пароль``
    if level != STRONG_NAME and _word_slug(value):
        return False  # a slug under a key name: ``new-rating-engine-2026``
    if level != STRONG_NAME and _NAMESPACED.match(value) and not value.startswith("base64:"):
        return False  # a cache or Redis key under a key name: ``session:Ab3dE9xZ``
    kind, _ = alphabet(value)
    entropy = shannon(value)
    relative = relative_entropy(value)
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
            any(not c.isalnum() for c in value),
        )
    )
    if kind == "hex":
        # Hex under a secret name is a secret; under a hash word the name was already refused.
        return n >= (8 if level == STRONG_NAME else 16) and classes >= 2 and relative >= 0.7
    if level == STRONG_NAME:
        return entropy >= 2.3 and relative >= 0.55 and (classes >= 2 or n >= 12)
    # A qualified or bare key: the value itself must look random.
    return classes >= 2 and relative >= 0.75 and entropy >= 3.2


_HINT_VERBS = frozenset(
    {
        "generate", "create", "run", "use", "set", "paste", "put", "enter", "fill", "insert",
        "add", "copy", "get", "ask", "request", "see", "read", "fetch", "obtain", "make", "pick",
        "choose", "provide", "supply", "specify", "define", "rotate", "load", "pull",
    }
)  # fmt: skip
_HINT_TOOLS = frozenset({"openssl", "pwgen", "uuidgen", "urandom", "mkpasswd", "keygen", "apg"})


def instruction_hint(value: str) -> bool:
    """Words joined by hyphens or underscores telling the reader what to put there, as
    ``.env.example`` files do: ``generate-with-openssl-rand-hex-32``, ``set_in_vault``,
    ``run-pwgen-24``. Three or more pieces, all words or short numbers, opening with an
    instruction verb or naming a generator tool."""
    pieces = re.split(r"[-_.]", value.lower())
    if len(pieces) < 3 or not all(p.isalpha() or (p.isdigit() and len(p) <= 4) for p in pieces):
        return False
    return pieces[0] in _HINT_VERBS or any(p in _HINT_TOOLS for p in pieces)


def basic_credentials(value: str) -> bool:
    """Base64 of ``user:password`` with a password that is not a placeholder."""
    raw = value.strip()
    if len(raw) < 8 or len(raw) % 4 == 1:
        return False
    try:
        decoded = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    _user, sep, password = decoded.partition(":")
    if not sep or not password or not decoded.isprintable() or len(password) < 3:
        return False
    return not (looks_like_placeholder(password) or looks_fake(password))


# --- parsing ----------------------------------------------------------------------------------

RULE_QUOTED = "generic-secret-assignment"
RULE_UNQUOTED = "generic-secret-config"
RULE_XML = "generic-secret-xml-setting"
RULE_PARAMETER = "arm-parameter-secret"
RULE_DEFAULT = "iac-parameter-default"
RULE_COMMENT = "generic-secret-comment"
RULES = (RULE_QUOTED, RULE_UNQUOTED, RULE_XML, RULE_PARAMETER, RULE_DEFAULT, RULE_COMMENT)


@dataclass(frozen=True, slots=True)
class Binding:
    """A value bound to a secret-like name: where the value is, and which rule reports it."""

    start: int
    end: int
    rule: str
    secret: str


_MAX_NAME = 96
_QUOTES = "\"'`"
_TYPE_ANNOTATION = re.compile(
    r"[ \t]*:[ \t]*&?(?:'static[ \t]+)?(?:mut[ \t]+)?[A-Za-z_][\w.]*(?:<[\w ,.<>]*>)?(?:\[\])?\??"
    r"(?:[ \t]*\|[ \t]*[A-Za-z_]\w*)*[ \t]*=(?!=)"
)
_TYPE_WORD = re.compile(
    r"[ \t]+(?:As[ \t]+)?\*?[A-Za-z_][\w.]*(?:<[\w ,.<>]*>)?(?:\[\])?\??[ \t]*=(?!=)"
)
_OPERATOR = re.compile(r"[ \t]*(:=|\?=|\+=|\|\|=|\?\?=|=>|<-|=(?!=)|:(?![:=])|\uff1a)")
"""Assignment operators; ``\uff1a`` is the full-width colon of Chinese and Japanese text."""
_PAIR_NAME = re.compile(r"""(?:\bname|\bkey|\bKey|\bName|\bid)["']?[ \t]*[:=][ \t]*["']?$""")
_PAIR_VALUE = re.compile(r"""\bvalue["']?[ \t]*[:=][ \t]*|<value>""", re.IGNORECASE)
_PAIR_STOP = re.compile(r"""(?:\bname|\bkey)["']?[ \t]*[:=]|/>|</add|\}""", re.IGNORECASE)
_OBJECT_VALUE = re.compile(r'"(defaultValue|default|value)"[ \t]*:[ \t]*', re.IGNORECASE)
"""An ARM parameter's ``defaultValue``, a CloudFormation parameter's ``Default``, a parameter
file's ``value``."""
_HCL_DEFAULT = re.compile(r"\bdefault[ \t]*=[ \t]*")
_NETRC = re.compile(r"(?:^|\s)(?:machine|default)\s", re.MULTILINE)
_SETTER = frozenset({"set", "with", "use"})
_STRING_PREFIX = frozenset("rRbBuUfF@$LN")  # N: T-SQL's N'unicode literal'


_IDENT_RUN = re.compile(r"[\w.:\-]*")


def _name_span(text: str, pos: int) -> tuple[int, int]:
    hi = _IDENT_RUN.match(text, pos, min(len(text), pos + _MAX_NAME)).end()  # type: ignore[union-attr]
    floor = max(0, pos - _MAX_NAME)
    back = text[floor:pos][::-1]
    lo = pos - _IDENT_RUN.match(back).end()  # type: ignore[union-attr]
    while lo < hi and text[lo] in ".-:":
        lo += 1
    while hi > lo and text[hi - 1] in ".-:":
        hi -= 1
    return lo, hi


def _line_end(text: str, pos: int, limit: int = 600) -> int:
    end = text.find("\n", pos, pos + limit)
    return end if end >= 0 else min(len(text), pos + limit)


def _quoted(text: str, pos: int) -> tuple[int, int] | None:
    """The inside of a quoted literal starting at ``pos`` (after any string prefix), one line."""
    i = pos
    if i < len(text) and text[i] in _STRING_PREFIX and i + 1 < len(text):
        if text[i + 1] in _QUOTES:
            i += 1
        elif text[i + 1] in _STRING_PREFIX and i + 2 < len(text) and text[i + 2] in _QUOTES:
            i += 2
    if text.startswith(('\\"', "\\'"), i):
        # An escaped quote: code embedded in a JSON or YAML string (password = \"value\").
        close = text.find(text[i : i + 2], i + 2, _line_end(text, i + 2))
        return (i + 2, close) if close > i + 2 else None
    if i >= len(text) or text[i] not in _QUOTES:
        return None
    if text.startswith(('"""', "'''"), i):  # TOML, Python, Kotlin: """value""" on one line
        close = text.find(text[i : i + 3], i + 3, _line_end(text, i + 3))
        return (i + 3, close) if close > i + 3 else None
    m = _LITERAL[text[i]].match(text, i, min(len(text), i + 602))
    return (i + 1, m.end() - 1) if m else None


# The rest of a one-line literal after its opening quote, escapes skipped (at most 600 characters).
_LITERAL = {q: re.compile(q + r"(?:[^" + q + r"\\\n]|\\.){0,600}" + q) for q in _QUOTES}


_QUERY_STOP = frozenset(" \t\r\n\"'`&#<>;,)}]\\")
_UNQUOTED_STOP = frozenset(" \t\r\n\"'`,;)}]")


_MORE_PAIRS = re.compile(
    r"""(?:[ \t]+[A-Za-z_][\w.-]{0,60}=(?:"[^"\r\n]{0,200}"|'[^'\r\n]{0,200}'|[^\s"']{0,200}))+[ \t]*\r?"""
)
"""The rest of a line of ``name=value`` pairs (an Ansible inventory host line, a logfmt record)."""


def _unquoted(text: str, pos: int, *, flag: bool, pairs: bool = False) -> tuple[int, int] | None:
    """A bare value: for config lines the rest of the line (up to a comment); for flags a word."""
    end = _line_end(text, pos)
    j = pos
    while j < end and text[j] not in _UNQUOTED_STOP:
        j += 1
    if j == pos:
        return None
    if not flag:
        rest = text[j:end].strip()
        ended = not rest or rest.startswith(("#", "//", ";", ",", "}", ")", "]", "\\"))
        if not ended and not (pairs and _MORE_PAIRS.fullmatch(text, j, end)):
            return None  # prose or an expression, not a config value
    return pos, j


def _object_value(text: str, pos: int) -> tuple[int, int, str] | None:
    """In ``{ ... }`` starting at ``pos``: a ``defaultValue`` or ``value`` string at depth 1."""
    depth = 0
    end = min(len(text), pos + 1500)
    i = pos
    while i < end:
        c = text[i]
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth <= 0:
                return None
        elif c == '"' and depth == 1:
            m = _OBJECT_VALUE.match(text, i)
            if m:
                span = _quoted(text, m.end())
                if span is None:
                    return None
                rule = RULE_PARAMETER if m.group(1).lower() == "value" else RULE_DEFAULT
                return span[0], span[1], rule
            q = _quoted(text, i)
            if q is not None:
                i = q[1]
        i += 1
    return None


def _hcl_default(text: str, pos: int) -> tuple[int, int] | None:
    brace = text.find("{", pos, pos + 40)
    if brace < 0:
        return None
    close = text.find("}", brace, brace + 1500)
    block_end = close if close >= 0 else min(len(text), brace + 1500)
    m = _HCL_DEFAULT.search(text, brace, block_end)
    if not m:
        return None
    return _quoted(text, m.end())


def _pair_value(text: str, lo: int, hi: int) -> tuple[int, int, bool] | None:
    """The value of a name/value pair whose name field holds the secret-like name."""
    line_start = text.rfind("\n", max(0, lo - 200), lo) + 1
    before = text[max(line_start, lo - 40) : lo]
    if not _PAIR_NAME.search(before):
        return None
    window_end = min(len(text), hi + 300)
    stop = _PAIR_STOP.search(text, hi + 1, window_end)
    limit = stop.start() if stop else window_end
    m = _PAIR_VALUE.search(text, hi, limit)
    if not m:
        return _pair_value_before(text, lo)
    if m.group(0).lower() == "<value>":
        close = text.find("</value>", m.end(), m.end() + 500)
        return (m.end(), close, True) if close > m.end() else None
    span = _quoted(text, m.end())
    if span is not None:
        return span[0], span[1], True
    bare = _unquoted(text, m.end(), flag=False)
    return (bare[0], bare[1], False) if bare else None


def _pair_value_before(text: str, lo: int) -> tuple[int, int, bool] | None:
    """A pair written value first (``{"value": "v", "key": "token"}``, ``<add value="v"
    key="ApiToken"/>``): the value between the object's or element's opening and the name."""
    floor = max(0, lo - 300)
    opening = max(text.rfind("{", floor, lo), text.rfind("<", floor, lo))
    if opening < 0 or "}" in text[opening:lo] or ">" in text[opening:lo]:
        return None
    found = None
    for m in _PAIR_VALUE.finditer(text, opening, lo):
        found = m
    if found is None or found.group(0).lower() == "<value>":
        return None
    span = _quoted(text, found.end())
    return (span[0], span[1], True) if span is not None and span[1] < lo else None


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", max(0, pos - 200), pos) + 1


_ATTRIBUTE = re.compile(r"\{[^{}\[\]]{0,400}\}")
_ATTRIBUTE_IS_VALUE = re.compile(r"""["']?\bkey["']?[ \t]*:[ \t]*["']value["']""")
_ATTRIBUTE_VALUE = re.compile(r"""\bvalue["']?[ \t]*[:=][ \t]*""")
_APIKEY_BLOCK = re.compile(r"[ \t]*(?:[:=][ \t]*)?([\[{])")
_TYPE_BEFORE = re.compile(r"""["']?\btype["']?[ \t]*:[ \t]*["']$""")


def _apikey_value(
    text: str, lo: int, i: int, quoted_name: bool
) -> tuple[int, int, str, bool] | None:
    """API-key authentication as API clients store it, the key in an attribute named ``value``:
    Postman collections (``"apikey": [{"key": "value", "value": "..."}, {"key": "key", ...}]``,
    attributes in any order), Bruno (``auth:apikey { key: X-Api-Key  value: ... }``) and
    Insomnia (``{"type": "apikey", "key": "X-Api-Key", "value": "..."}``)."""
    if quoted_name and _TYPE_BEFORE.search(text, max(0, lo - 40), lo):
        opening = text.rfind("{", max(0, lo - 300), lo)
        close = text.find("}", i, i + 600)
        if opening < 0 or close < 0 or any(c in text[opening + 1 : close] for c in "{[]"):
            return None  # not a flat object: Postman's "type" sits beside its attribute list
        for m in _ATTRIBUTE_VALUE.finditer(text, opening, close):
            span = _quoted(text, m.end())
            if span is not None:
                return span[0], span[1], RULE_QUOTED, True
        return None
    block = _APIKEY_BLOCK.match(text, i)
    if block is None:
        return None
    if block.group(1) == "[":
        close = text.find("]", block.end(), block.end() + 1500)
        end = close if close > 0 else min(len(text), block.end() + 1500)
        for attribute in _ATTRIBUTE.finditer(text, block.end(), end):
            if not _ATTRIBUTE_IS_VALUE.search(attribute.group(0)):
                continue
            for m in _ATTRIBUTE_VALUE.finditer(text, attribute.start(), attribute.end()):
                span = _quoted(text, m.end())
                if span is not None:
                    return span[0], span[1], RULE_QUOTED, True
        return None
    close = text.find("}", block.end(), block.end() + 600)
    end = close if close > 0 else min(len(text), block.end() + 600)
    line = _BLOCK_VALUE.search(text, block.end(), end)
    if line is None:
        return None
    span = _quoted(text, line.start(1))
    if span is not None:
        return span[0], span[1], RULE_QUOTED, True
    return line.start(1), line.end(1), RULE_QUOTED, False


_KEYWORD_VALUE = re.compile(r"[ \t]+")
_BLOCK_VALUE = re.compile(r"""^[ \t]*["']?value["']?[ \t]*[:=][ \t]*(\S+?)[ \t,;]*$""", re.M)

_DEFINITION = re.compile(r"[ \t]*(?::{2,4}|;;)[ \t]*(?:\r?\n[ \t]*)?|[ \t]*\r?\n:[ \t]+")
"""A definition list's term and its definition: AsciiDoc ``Password:: value`` (or the value on
the next line), Markdown and reStructuredText-style ``Password`` then ``: value``."""
_TERM_LINE = re.compile(r"[ \t]*(?:[-*][ \t]+)?[\w \t*_`'().-]{0,80}")


def _definition_value(text: str, j: int) -> tuple[int, int, str, bool] | None:
    """The definition after a secret-like term, when it is one literal and nothing else."""
    span = _quoted(text, j)
    if span is not None:
        if text[span[1] + 1 : _line_end(text, span[1])].strip():
            return None
        return span[0], span[1], RULE_QUOTED, True
    bare = _unquoted(text, j, flag=False)
    return (bare[0], bare[1], RULE_UNQUOTED, False) if bare else None


_BLOCK_WORDS = (["tokens"], ["secrets"], ["passwords"], ["credentials"])
"""Plural secret words that name a block whose members are the secrets (Consul's ``acl {
tokens { agent = "..." } }``): the members' own names (``agent``, ``initial_management``,
``prod``) say nothing, the block does."""
_BLOCK_OPEN = re.compile(r"""["']?[ \t]*(?:[:=][ \t]*)?\{""")
_YAML_OPEN = re.compile(r"""["']?[ \t]*:[ \t]*\r?\n""")
_MEMBER = re.compile(
    r"""(?:^|(?<=[{,\s]))["']?(?P<name>[A-Za-z_][\w.-]{0,60})["']?[ \t]*(?:=|:(?!:))[ \t]*"""
)
_YAML_MEMBER = re.compile(r"""([ \t]+)["']?([A-Za-z_][\w.-]{0,60})["']?:[ \t]+([^\s#][^\r\n]*)""")


def block_members(text: str, lo: int, hi: int) -> list[tuple[int, int, bool]]:
    """Values of the direct members of the block a plural secret word names, in HCL or JSON
    braces or as YAML children; members whose own names are benign (``enabled``, ``name``,
    ``file``, ``id``...) are left out. (start, end, quoted) of each."""
    out: list[tuple[int, int, bool]] = []
    brace = _BLOCK_OPEN.match(text, hi)
    if brace is not None:
        depth, pos, end = 1, brace.end(), min(len(text), brace.end() + 2000)
        while pos < end and depth:
            c = text[pos]
            if c in "{[":
                depth += 1
            elif c in "}]":
                depth -= 1
            elif depth == 1 and (m := _MEMBER.match(text, pos)) and _member_name(m.group("name")):
                span = _quoted(text, m.end())
                if span is not None:
                    out.append((span[0], span[1], True))
                    pos = span[1] + 1
                    continue
                pos = m.end()
                continue
            elif c in _QUOTES:
                span = _quoted(text, pos)
                pos = span[1] + 1 if span is not None else pos + 1
                continue
            pos += 1
        return out
    opening = _YAML_OPEN.match(text, hi)
    if opening is None:
        return out
    parent = lo - _line_start(text, lo)
    pos, child = opening.end(), -1
    for _ in range(40):
        eol = _line_end(text, pos)
        line = text[pos:eol]
        if line.strip():
            indent = len(line) - len(line.lstrip(" \t"))
            if indent <= parent or (child >= 0 and indent < child):
                break
            if child < 0:
                child = indent
            m = _YAML_MEMBER.fullmatch(text, pos, eol) if indent == child else None
            if m and _member_name(m.group(2)):
                span = _quoted(text, m.start(3))
                if span is not None:
                    out.append((span[0], span[1], True))
                else:
                    bare = _unquoted(text, m.start(3), flag=False)
                    if bare is not None:
                        out.append((bare[0], bare[1], False))
        if eol >= len(text):
            break
        pos = eol + 1
    return out


def _member_name(name: str) -> bool:
    words = split_words(name)
    return bool(words) and not (
        any(w in BENIGN_ANY for w in words) or words[-1] in BENIGN_LAST or name in _KEYWORDS
    )


def find(
    text: str, hits: Iterable[int], *, netrc: bool = False, allow_flags: bool = True
) -> list[Binding]:
    """Every literal value bound to a secret-like name around the given anchor hits."""
    out: list[Binding] = []
    seen: set[int] = set()
    last_hi = -1
    for pos in sorted(hits):
        if pos < last_hi:
            continue  # a second anchor inside the name just read (secret_key: "secret", "key")
        lo, hi = _name_span(text, pos)
        last_hi = hi
        if lo in seen or hi <= lo:
            continue
        seen.add(lo)
        if lo > 0 and text[lo - 1] == "/" and ":" in text[lo:hi]:
            colon = text.index(":", lo, hi)  # a Windows flag, /pass:value: the name ends there
            if name_level(text[lo:colon]) != NONE:
                hi = colon
        if _in_template(text, lo):
            continue  # {{ lookup('hashi_vault', 'secret=kv/db:password') }}: an expression
        scope = _ENV_SCOPE.match(text, lo, hi) if text.startswith(_SCOPES, lo) else None
        if scope is not None and (scope.group(1) is None or text[lo - 1 : lo] == "$"):
            lo = scope.end()  # $env:API_KEY, process.env.API_KEY: the variable is the name
        shell = text[max(0, lo - 2) : lo] == "${"
        if shell and ":" in text[lo:hi]:
            hi = text.index(":", lo, hi)  # ${NAME:-default}: the name ends at the colon
        name = text[lo:hi]
        if shell and text[hi : hi + 2] in (":?", ":+", "?}"):
            continue  # ${NAME:?message}: a required variable, not a value
        level = name_level(name)
        if level == BARE and _PUBLIC_BEFORE.search(text, max(0, lo - 12), lo):
            continue  # "public key: ...", "site key = ..." written as two words
        if (
            level == BARE
            and name.lower() == "key"
            and _KEY_QUALIFIER.search(text, max(0, lo - 16), lo)
        ):
            level = STRONG_NAME  # "API key: ...", "Access Key = ..." written as two words
        block = split_words(name)[-1:] in _BLOCK_WORDS
        if level == NONE and "pin" in name.lower() and split_words(name)[-1:] in _PIN_WORDS:
            pin = _pin_value(text, hi)
            if pin is not None:
                out.append(Binding(pin[0], pin[1], pin[2], text[pin[0] : pin[1]]))
            continue
        if level == NONE and not block:
            continue
        found = (
            None
            if level == NONE
            else _env_default(text, lo, hi)
            if shell
            else _bind(text, lo, hi, name, level, netrc=netrc, allow_flags=allow_flags)
        )
        if found is None and level != NONE and not shell:
            found = _env_default(text, lo, hi)
        if found is None:
            if block:
                for start, end, quoted in block_members(text, lo, hi):
                    value = text[start:end]
                    # A member's own name says nothing: its value must look random (a GUID
                    # counts, as under a token's name).
                    strong = _GUID.fullmatch(value) is not None
                    if value_is_secret(value, STRONG_NAME if strong else KEYISH, quoted=quoted):
                        out.append(
                            Binding(start, end, RULE_QUOTED if quoted else RULE_UNQUOTED, value)
                        )
            elif level in (STRONG_NAME, KEYISH):
                for start, end in tables.column_values(text, lo, hi):
                    value = text[start:end]
                    if value_is_secret(value, level, quoted=True):
                        out.append(Binding(start, end, RULE_QUOTED, value))
            continue
        if level == BARE and name.lower() == "key":
            rest = text[found[1] + 1 : found[1] + 80].lstrip()
            if _PAIR_VALUE.match(rest):
                continue  # <add key="SettingName" value="..."/>: the key names the setting
        if _sealed(text, lo):
            continue
        start, end, rule, quoted = found
        fallback = _FALLBACK.match(text, start, min(len(text), end + 1))
        if fallback and fallback.end() >= end:
            # ${DB_PASSWORD:value}, ${DB_PASSWORD:-value}: the fallback is a literal in the file.
            start, end = fallback.span(1)
        scheme = _SCHEME.match(text, start, end)
        if scheme:  # token = "Bearer value": the credential follows the scheme
            start = scheme.end()
        value = text[start:end]
        pair = (
            _USER_AND_PASSWORD.fullmatch(value) if split_words(name)[-1:] in _PAIR_NAMES else None
        )
        if pair is not None:  # a user name and its password in one value
            start, value = start + pair.start(1), pair.group(1)
        if rule == RULE_UNQUOTED and _COMMENT_LINE.match(text, _line_start(text, lo), lo):
            rule = RULE_COMMENT  # a commented-out setting, in code as much as in configuration
        if _acceptable(name, value, level, quoted=quoted):
            out.append(Binding(start, end, rule, value))
    return out


_SCOPES = ("env:", "Env:", "ENV:", "process.env.", "import.meta.env.")
_ENV_SCOPE = re.compile(r"(env:|Env:|ENV:)|(?:process|import\.meta)\.env\.")
"""The environment's scope before a variable's name: PowerShell's ``$env:``, Node's
``process.env.``, Vite's ``import.meta.env.``."""
_SHOWN = re.compile(
    r"""(?:print|println|display|pprint|puts|cat|console\.log)?[ \t]*\(?[ \t]*([A-Za-z_][\w.]{0,80})"""
    r"""(?:[ \t]*(?:\[|\.get\(|\()[ \t]*["']([\w.:\-]{1,80})["'][ \t]*[\])])?[ \t]*\)?[ \t]*;?"""
)


def printed_name(source: str) -> str | None:
    """The secret-like name a notebook cell's last line prints or shows as it is
    (``print(api_key)``, ``os.environ["API_KEY"]``, ``display(os.getenv("TOKEN"))``), or None;
    an expression over it (a hash, a length, a slice) is not the value itself."""
    lines = [line.strip() for line in source.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    m = _SHOWN.fullmatch(lines[-1]) if lines else None
    if m is None:
        return None
    name = m.group(2) or m.group(1).rsplit(".", 1)[-1]
    return name if name_level(name) != NONE else None


_LABEL_BEFORE = re.compile(
    r"[ \t]*(?:>[ \t]*)*(?:[-*+][ \t]+|\d{1,2}[.)][ \t]+)?(?:\*\*|__)?"
    r"(?:[^\W\d_][\w'\u2019-]*[ \t]+){0,4}"
)
"""What may open a labelled line before its secret word: a block quote, a list marker, bold, and
up to four words (``Mot de passe``, ``Eski sistemin şifresi``)."""
_LABEL_AFTER = re.compile(
    r"((?:[ \t]+[^\W\d_][\w'\u2019-]*){0,5})[ \t]*(?:[(\uff08][^()\uff08\uff09\r\n]{0,60}[)\uff09])?"
    r"[ \t]*(?:\*\*|__)?[ \t]*[:\uff1a][ \t]*(?:`([^`\s]{1,200})`|([^\s`]{1,200}))[ \t]*\r?$",
    re.MULTILINE,
)
"""The rest of a labelled line after its secret word: up to five more words, a parenthesis
(ASCII or full-width), a colon (also full-width, and with a space before it as French writes
it), then one value in code or bare, ending the line."""


def _label_value(text: str, lo: int, hi: int, level: int) -> tuple[int, int, str, bool] | None:
    """A value after a label that names it in prose, in any language's word order: ``Contraseña
    de respaldo (si falla la clave): value``, ``> Mot de passe du portail : value``, ``Eski
    sistemin şifresi (...): value``, ``- APIキー（本番）: `value```. The label's words must not be
    benign ones (``Password policy (min): ...``)."""
    start = _line_start(text, lo)
    if not _LABEL_BEFORE.fullmatch(text, start, lo):
        return None
    m = _LABEL_AFTER.match(text, hi, _line_end(text, hi) + 1)
    if m is None:
        return None
    words = split_words(text[start:lo] + " " + m.group(1))
    benign: list[frozenset[str]] = [
        BENIGN_ANY,
        BENIGN_LAST,
        HARD_BENIGN_KEY_QUALIFIERS,
        _FOREIGN_BENIGN_QUALIFIERS,
    ]
    if level != STRONG_NAME:
        benign.append(BENIGN_KEY_QUALIFIERS)  # Cache key (prod): ..., Clé publique : ...
    if any(w in group for w in words for group in benign):
        return None
    if m.group(2) is not None:
        return m.start(2), m.end(2), RULE_QUOTED, True
    return m.start(3), m.end(3), RULE_UNQUOTED, False


_PIN_WORDS = (["pin"], ["pincode"])
_PIN_VALUE = re.compile(
    r"""[ \t]*["']?[ \t]*[:=\uff1a][ \t]*(?:(["'`])(\d{4,12})\1|(\d{4,12}))[ \t]*[,;]?[ \t]*\r?$""",
    re.MULTILINE,
)


def _pin_value(text: str, hi: int) -> tuple[int, int, str] | None:
    """A personal identification number under a PIN name (``Zertifikats-PIN: `003463```,
    ``SIM_PIN=4821``): 4 to 12 digits (ISO 9564), not one digit repeated nor a run."""
    m = _PIN_VALUE.match(text, hi, _line_end(text, hi) + 1)
    if m is None:
        return None
    group = 2 if m.group(2) is not None else 3
    value = m.group(group)
    if len(set(value)) == 1 or value in "0123456789012" or value in "98765432109876":
        return None
    return m.start(group), m.end(group), RULE_QUOTED if group == 2 else RULE_UNQUOTED


_PAIR_NAMES = (["credential"], ["credentials"], ["creds"], ["cred"], ["login"])
_USER_AND_PASSWORD = re.compile(r"[A-Za-z][\w.@\\-]{0,63}[/:]([^\s/:]{6,200})")
"""A user name and its password in one value (``admin/value``, ``svc:value``)."""


def _in_template(text: str, lo: int) -> bool:
    """Inside a template expression opened earlier on the line (``{{ ... }}``, ``{% ... %}``)."""
    start = _line_start(text, lo)
    opening = max(text.rfind("{{", start, lo), text.rfind("{%", start, lo))
    return opening >= 0 and "}}" not in text[opening:lo] and "%}" not in text[opening:lo]


_KEY_QUALIFIER = re.compile(
    r"(?i)\b(?:api|access|secret|private|signing|encryption|master|subscription|license)[ \t]+$"
)
_PUBLIC_BEFORE = re.compile(r"(?i)\b(?:public|pub|publishable|site|host|verify|recipient)[ \t]+$")
_COMMENT_LINE = re.compile(
    r"[ \t]*(?:#(?![ \t]*(?:define|undef|include|if|ifdef|ifndef|elif|else|endif|pragma)\b)"
    r"|//(?![\w.-]+[/:])|--[ \t]|;|\*[ \t]|/\*|<!--|REM[ \t]|'[ \t]|%[ \t])"
)
"""The start of a comment line (``# ...``, ``// ...``, ``-- ...``, ``; ...``, ``REM ...``), not a
C preprocessor directive nor an ``.npmrc`` registry line (``//registry.host/:_authToken=``)."""


_SCHEME_LINE = re.compile(r"(?:Bearer|Basic|Token|token|bearer)[ \t]+([^\s\"'`]{8,500})[ \t]*\r?$")
_SCHEME = re.compile(r"(?:Bearer|Basic|Token|token|bearer|Bot|ApiKey)[ \t]+(?=\S+$)")
_FALLBACK = re.compile(r"\$\{[A-Za-z_][\w.\-]*:[-=]?(?![?+])([^${}\s]+)\}")
"""A variable reference with a default (Spring ``${NAME:default}``, shell ``${NAME:-default}``
and ``${NAME:=default}``)."""


def _acceptable(name: str, value: str, level: int, *, quoted: bool = False) -> bool:
    if value_is_secret(value, level, quoted=quoted):
        words = split_words(name)
        if words[-1:] == ["pat"] and len(value) < _PAT_MIN:
            return False  # GROUP_PAT = 'fr.comp.*': a pattern; access tokens are long
        # A vendor's role name (``slackApi``) with no secret word also names clients, hosts and
        # settings: a value half made of words is one of those.
        return not (
            bool(words) and words[-1] in VENDOR_ROLES and _vendor_role(words) and _wordy(value)
        )
    # ``auth`` / ``_auth``: base64 of user:password (npm, Docker's config.json).
    if not name.lower().endswith("auth"):
        return False
    words = split_words(name)
    return bool(words) and words[-1] == "auth" and basic_credentials(value)


_PAT_MIN = 20
"""Personal access tokens are long (GitLab's 20+, GitHub's 40, Azure DevOps' 52); a shorter
value under a ``pat`` name is a pattern."""


def _bind(
    text: str, lo: int, hi: int, name: str, level: int, *, netrc: bool, allow_flags: bool
) -> tuple[int, int, str, bool] | None:
    before = text[lo - 1] if lo > 0 else "\0"
    after = text[hi] if hi < len(text) else "\0"
    # A URL query parameter (?api_key=..., &password=...) or a connection-string part
    # (...;AccessKey=...;): the value runs to the next separator.
    if before in "?&;" and after == "=":
        j = hi + 1
        end = _line_end(text, j)
        while j < end and text[j] not in _QUERY_STOP:
            j += 1
        return (hi + 1, j, RULE_QUOTED, True) if j > hi + 1 else None
    # <entry key="password">value</entry>
    if before in "\"'" and after == before and text[hi + 1 : hi + 2] == ">":
        line_start = text.rfind("\n", max(0, lo - 200), lo) + 1
        if _PAIR_NAME.search(text[max(line_start, lo - 40) : lo]):
            close = text.find("</", hi + 2, hi + 2 + 500)
            return (hi + 2, close, RULE_XML, True) if close > hi + 2 else None
    # A name inside a name/value pair (``name: DB_PASSWORD`` ... ``value: x``).
    if before in "\"'" or (before in " \t:=" and after in "\r\n"):
        pair = _pair_value(text, lo, hi)
        if pair is not None:
            start, end, quoted = pair
            xml = (
                text[max(0, lo - 40) : lo].lstrip().startswith("<")
                or "<" in text[max(0, lo - 30) : lo]
            )
            rule = RULE_XML if xml else (RULE_QUOTED if quoted else RULE_UNQUOTED)
            return start, end, rule, quoted
    # Property lists: <key>ApiToken</key> then <string>value</string>; servlet parameters,
    # <param-name>dbPassword</param-name> then <param-value>value</param-value>.
    if before == ">" and after == "<" and _XML_NAME.search(text, max(0, lo - 24), lo):
        m = _XML_SIBLING_VALUE.match(text, hi)
        return (m.start(2), m.end(2), RULE_XML, True) if m else None
    if before == ">" and after == "<" and _CELL_NAME.search(text, max(0, lo - 48), lo):
        m = _CELL_VALUE.match(text, hi)
        return (m.start(1), m.end(1), RULE_QUOTED, True) if m else None
    # Windows answer files: <AdministratorPassword><Value>v</Value><PlainText>true</PlainText>
    if before == "<" and after == ">" and (m := _ANSWER_VALUE.match(text, hi + 1)) is not None:
        plain = m.group(2)
        return (
            None if plain and plain.lower() == "false" else (m.start(1), m.end(1), RULE_XML, True)
        )
    # <Pass encoding="base64">value</Pass>: an element with attributes
    if before == "<" and after in " \t":
        m = _ELEMENT_VALUE.match(text, hi)
        if m is not None and text.startswith(f"</{name}>", m.end(1)):
            return m.start(1), m.end(1), RULE_XML, True
        return None
    # <password>value</password>
    if before == "<" and after == ">":
        if text.startswith("<![CDATA[", hi + 1):  # <password><![CDATA[value]]></password>
            close = text.find("]]>", hi + 10, hi + 10 + 500)
            return (hi + 10, close, RULE_XML, True) if close > hi + 10 else None
        close = text.find("</", hi + 1, hi + 1 + 500)
        if close > hi + 1:
            return hi + 1, close, RULE_XML, True
        return None
    i = hi
    # A flag: --password, -p, and Windows' /pass:value, /p:Password=value.
    flag = name.startswith("-") or (lo >= 1 and text[lo - 1] == "-")
    flag = flag or (lo >= 1 and text[lo - 1] == "/" and (lo < 2 or text[lo - 2] in " \t"))
    # A flag's dashes sit between the quote and the name: ["--password", "value"].
    dashes = lo
    while flag and dashes > 0 and text[dashes - 1] == "-" and lo - dashes < 2:
        dashes -= 1
    quote_before = text[dashes - 1] if dashes > 0 else "\0"
    quoted_name = (before in _QUOTES and after == before) or (
        dashes < lo and quote_before in _QUOTES and after == quote_before
    )
    # A name in escaped quotes: JSON held in a string ("{\"password\":\"value\"}").
    escaped = before == '"' and text[lo - 2 : lo] == '\\"' and text.startswith('\\"', hi)
    if escaped:
        quoted_name = True
        i += 1
    if quoted_name:
        i += 1
    if i < len(text) and (text[i] == "]" or (text[i] == "}" and text[lo - 1 - quoted_name] == "{")):
        i += 1  # env["NAME"] = ..., Perl's $ENV{NAME} = ... and $h{'password'} = ...
    elif text.startswith("[", i):  # C arrays: char wifi_psk[] = "...", char key[33] = "..."
        close = text.find("]", i, i + 8)
        if close == i + 1 or (close > 0 and text[i + 1 : close].isdigit()):
            i = close + 1
    if text.startswith("{", i) and not quoted_name:  # C++ brace init: kApnPassword{"..."}
        span = _quoted(text, i + 1)
        if span is not None and text.startswith("}", span[1] + 1):
            return span[0], span[1], RULE_QUOTED, True
    if not quoted_name and before in ":(" and after in " \t":
        keyword = _KEYWORD_VALUE.match(text, hi)
        opener = text[max(0, lo - 5) : lo - 1].rstrip()
        # Clojure, EDN and Lisp keywords ({:password "v"}, (list :api-key "v")); CMake set(NAME v).
        if keyword and (
            (before == ":" and (lo < 2 or text[lo - 2] in "{([ \t,"))
            or (before == "(" and opener.lower().endswith("set"))
        ):
            span = _quoted(text, keyword.end())
            if span is not None:
                return span[0], span[1], RULE_QUOTED, True
            bare = _unquoted(text, keyword.end(), flag=True)
            if bare is not None and before == "(" and text.startswith(")", bare[1]):
                return bare[0], bare[1], RULE_QUOTED, False
    if split_words(name)[-1:] == ["apikey"]:
        attribute = _apikey_value(text, lo, i, quoted_name)
        if attribute is not None:
            return attribute
    definition = _DEFINITION.match(text, i)
    if definition and not quoted_name and _TERM_LINE.fullmatch(text, _line_start(text, lo), lo):
        return _definition_value(text, definition.end())
    # A Go struct field whose tag gives its default: Password string `env:"X" default:"..."`
    if not quoted_name and (tag := _GO_FIELD.match(text, i)) is not None:
        default = _TAG_DEFAULT.search(tag.group(1))
        if default is None:
            return None
        start = tag.start(1) + default.start(1)
        return start, start + len(default.group(1)), RULE_DEFAULT, True
    # Terraform: variable "db_password" { default = "..." }
    if quoted_name and text[max(0, lo - 20) : lo - 1].rstrip().endswith("variable"):
        span = _hcl_default(text, i)
        return (span[0], span[1], RULE_DEFAULT, True) if span else None
    op_end: int | None = None
    m = _TYPE_ANNOTATION.match(text, i)
    if m is None and "{" in text[i : i + 3]:
        m = _ACCESSORS.match(text, i)
    if m and _glued_equals(text, m.end()):
        m = None  # password: Ab3=xY9...: a YAML value holding '=', not a type then a value
    if m:
        op_end = m.end()
    else:
        m = _OPERATOR.match(text, i)
        if m:
            op_end = m.end()
        else:
            m = _TYPE_WORD.match(text, i)
            if m and not quoted_name and not _glued_equals(text, m.end()):
                op_end = m.end()
    if op_end is None:
        # define('DB_PASSWORD', 'x'), setenv("API_KEY", "x"), ["--password", "x"]
        if quoted_name and (field := _build_field(text, lo, i)) is not None:
            return field
        if quoted_name:
            m2 = _COMMA.match(text, i)
            if m2 and _first_argument(text, dashes - 1, flag):
                span = _quoted(text, m2.end())
                if span and text[span[1] + 1 : span[1] + 80].lstrip(" \t")[:1] in (")", ",", "]"):
                    return span[0], span[1], RULE_QUOTED, True
            return None
        # Erlang and Elixir tuples: {password, "value"}, {collector_token, <<"value">>}
        if after == "," and text[max(0, lo - 8) : lo].rstrip(" \t").endswith("{"):
            comma = _COMMA.match(text, hi)
            at = comma.end() if comma else hi
            at += 2 if text.startswith("<<", at) else 0
            span = _quoted(text, at)
            if span is not None and text[span[1] + 1 : span[1] + 6].lstrip(" \t>")[:1] == "}":
                return span[0], span[1], RULE_QUOTED, True
        # setPassword("x"), withApiKey("x"), a builder's .password("x")
        setter = split_words(name.rsplit(".", 1)[-1])
        builder = level == STRONG_NAME and lo > 0 and text[lo - 1] == "."  # .password("x")
        if after == "(" and setter and (setter[0] in _SETTER or builder):
            span = _quoted(text, hi + 1)
            return (span[0], span[1], RULE_QUOTED, True) if span else None
        # --password value, .netrc's "password value", #define NAME "value", SetEnv NAME value
        if (flag and allow_flags) or netrc or _netrc_line(text, lo) or _keyword_line(text, lo):
            j = hi
            while j < len(text) and text[j] in " \t":
                j += 1
            if j == hi:
                return None
            span = _quoted(text, j)
            if span:
                return span[0], span[1], RULE_QUOTED, True
            bare = _unquoted(text, j, flag=True)
            # A Dockerfile's ENV value is all text: # starts a comment only at a line's start.
            dockerfile_env = text[text.rfind("\n", 0, lo) + 1 : lo].lstrip().startswith("ENV ")
            return (bare[0], bare[1], RULE_UNQUOTED, dockerfile_env) if bare else None
        label = _label_value(text, lo, hi, level)
        if label is not None:
            return label
        if level == STRONG_NAME:
            return _directive(text, lo, hi)
        return None
    j = op_end
    while j < len(text) and text[j] in " \t":
        j += 1
    j = _past_markup(text, lo, j)  # **Password:** value, <b>Password:</b> value, <code>value
    tagged = _TAGGED_VALUE.match(text, j)
    if tagged is not None and text[op_end - 1] == ":":  # Password: value</li>
        return tagged.start(1), tagged.end(1), RULE_QUOTED, True
    if text[op_end - 1] == ":" and (node := _YAML_NODE.match(text, j)) is not None:
        j = node.end()  # password: &db_pw value, token: !!str value
    fallback = _ENV_FALLBACK.match(text, j) or _EXPR_FALLBACK.match(text, j)
    if fallback:  # process.env.TOKEN || "value": the fallback is a literal in the file
        j = fallback.end()
    wrapped = _WRAPPER.match(text, j)
    if wrapped:  # []byte("..."), Buffer.from("..."), Encoding.UTF8.GetBytes("...")
        j = wrapped.end()
    scalar = _BLOCK_SCALAR.match(text, j)
    if scalar and text[op_end - 1] == ":":  # YAML: password: | then the value on its own line
        return _block_scalar(text, lo, scalar.end())
    if j < len(text) and text[j] == "{":
        obj = _object_value(text, j)
        return (obj[0], obj[1], obj[2], True) if obj else None
    span = _quoted(text, j)
    if span is not None:
        if _CONTINUED.match(text, span[1] + 1):
            return None  # key = 'prefix.' + str(id): a piece of a built value, not a literal
        return span[0], span[1], RULE_QUOTED, True
    if before in _QUOTES and not quoted_name:
        # A header or pair inside a quoted argument: curl -H "X-Api-Key: value", -d 'password=v'.
        close = text.find(before, j, _line_end(text, j))
        word = text[j:close] if close > j else ""
        if word and not any(c in word for c in " \t\\"):
            return j, close, RULE_QUOTED, True
    if _MAGIC_LINE.fullmatch(text, text.rfind("\n", max(0, lo - 40), lo) + 1, lo):
        magic = _unquoted(text, j, flag=True)  # a notebook's %env NAME=value
        return (magic[0], magic[1], RULE_QUOTED, False) if magic else None
    scheme_bare = _SCHEME_LINE.match(text, j, _line_end(text, j))
    if scheme_bare:  # ARG REGISTRY_TOKEN=Bearer value: the credential follows the scheme
        return scheme_bare.start(1), scheme_bare.end(1), RULE_UNQUOTED, False
    # An option list (mount -o username=u,password=v; fstab): the value is one word.
    option_list = before == "," and text[op_end - 1] == "="
    word_only = flag or option_list or _option_value(text, lo) or _command_env(text, lo, hi, name)
    # More name=value pairs may follow on the line only after a password-strength name.
    bare = _unquoted(text, j, flag=word_only, pairs=level == STRONG_NAME)
    if bare is None:
        if text[op_end - 1] == ":" and text[j : j + 1] in ("\n", "\r"):
            return _block_default(text, lo, j)
        return None
    # NAME=#value (INI, odbc.ini, .env, properties): '#' right after '=' is part of the value; a
    # comment starts a line or follows a space.
    hashed = text[op_end - 1] == "=" and j == op_end and text.startswith("#", j)
    return bare[0], bare[1], RULE_UNQUOTED, hashed


_ACCESSORS = re.compile(
    r"[ \t]*\{(?:[ \t]*(?:(?:private|protected|internal)[ \t]+)?(?:get|set|init)[ \t]*;)+[ \t]*\}"
    r"[ \t]*=(?!=)"
)
"""A C# auto-property's accessors before its initialiser: ``Password { get; init; } = "..."``."""

_GO_FIELD = re.compile(r"[ \t]+\*?(?:\[\])?[A-Za-z_][\w.]*[ \t]+`([^`\r\n]{1,400})`")
_TAG_DEFAULT = re.compile(
    r'(?:^|[ \t])(?:default|envDefault|env-default|defaultValue):"([^"]{1,300})"'
)
"""The default a struct tag gives its field: ``default:"..."`` (envconfig, creasty/defaults,
go-flags, kong), ``envDefault:"..."`` (caarlos0/env), ``env-default:"..."`` (cleanenv)."""


def _glued_equals(text: str, end: int) -> bool:
    """The ``=`` ending a typed declaration at ``end`` is glued to both sides with no quote after
    it (``Ab3=xY9``): a value holding ``=``, not ``type = value``."""
    return text[end - 2] not in " \t" and text[end : end + 1] not in ('"', "'", " ")


_YAML_NODE = re.compile(r"(?:&[\w-]{1,64}|!!str)[ \t]+(?=\S)")
"""A YAML anchor or an explicit string tag before a value."""

_CONTINUED = re.compile(r"""[ \t]*(?:(?:\+|\.\.|\.(?=[ \t]*\$)|%)[ \t]*(?![\s"'`])|\.format\()""")
"""A literal that an expression continues: concatenated (``+``, Lua's ``..``, PHP's ``. $x``)
with something other than another literal, or formatted (``%``, ``.format(``)."""

_ELEMENT_VALUE = re.compile(
    r"""(?:[ \t]+[\w:.-]{1,40}=(?:"[^"<>\r\n]{0,80}"|'[^'<>\r\n]{0,80}')){1,4}[ \t]*>([^<\r\n]{1,500})"""
)
"""The text of an element with attributes, ``<Pass encoding="base64">value``."""
_OPENING_EMPHASIS = re.compile(r"(?:\*\*|__|<(?:b|strong|em)>)$")
_CLOSING_EMPHASIS = re.compile(r"(?:\*\*|__|</(?:b|strong|em)>)[ \t]*")
_OPENING_CODE = re.compile(r"<(?:code|tt|kbd|samp)>")


def _past_markup(text: str, lo: int, j: int) -> int:
    """Where the value starts after the markup around a label: the emphasis the name opened
    (``**Password:** value``, ``<b>Password:</b> value``) closes after the colon, and an inline
    code element may open the value (``Password: <code>value</code>``)."""
    if _OPENING_EMPHASIS.search(text, max(0, lo - 8), lo):
        closing = _CLOSING_EMPHASIS.match(text, j)
        if closing is not None:
            j = closing.end()
    code = _OPENING_CODE.match(text, j)
    return code.end() if code is not None else j


_TAGGED_VALUE = re.compile(
    r"([^\s<>\"'`]{6,200})(?:</(?:code|tt|kbd|samp|b|strong)>)?[ \t]*</\w{1,10}(?::\w{1,10})?>"
)
"""A value inside HTML, ended by a closing tag (``Password: <code>value</code></p>``)."""

_BLOCK_SCALAR = re.compile(r"[|>][+-]?[1-9]?[+-]?[ \t]*(?:#[^\r\n]*)?\r?\n")


def _block_scalar(text: str, lo: int, pos: int) -> tuple[int, int, str, bool] | None:
    """A YAML block scalar (``|``, ``>-``...) holding one line, indented below its name: that line
    is the value. Several lines (a certificate, a script) are not one secret value."""
    indent = lo - _line_start(text, lo)
    eol = _line_end(text, pos)
    line = text[pos:eol]
    value = line.strip()
    if not value or len(line) - len(line.lstrip(" \t")) <= indent:
        return None
    nxt = _line_end(text, eol + 1) if eol < len(text) else eol
    following = text[eol + 1 : nxt]
    if following.strip() and len(following) - len(following.lstrip(" \t")) > indent:
        return None
    start = pos + line.index(value)
    return start, start + len(value), RULE_UNQUOTED, False


_DEFAULT_LINE = re.compile(r"([ \t]+)(?:Default|default|defaultValue|DefaultValue)[ \t]*:[ \t]*")


def _block_default(text: str, lo: int, eol: int) -> tuple[int, int, str, bool] | None:
    """A YAML parameter block named by the secret (CloudFormation and SAM ``Parameters``,
    Azure Pipelines and Helm schemas): its ``Default:`` within the next lines is the value."""
    indent = lo - (text.rfind("\n", 0, lo) + 1)
    pos = eol + (2 if text.startswith("\r\n", eol) else 1)
    for _ in range(8):
        m = _DEFAULT_LINE.match(text, pos)
        line_end = _line_end(text, pos)
        if m and len(m.group(1)) > indent:
            span = _quoted(text, m.end())
            if span is not None:
                return span[0], span[1], RULE_DEFAULT, True
            bare = _unquoted(text, m.end(), flag=False)
            return (bare[0], bare[1], RULE_DEFAULT, False) if bare else None
        line = text[pos:line_end]
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            return None  # the block ended
        pos = line_end + 1
    return None


_DIRECTIVE_VALUE = re.compile(
    r"[ \t]+(?:(`)([^`\s]{1,200})`|([^\s\"'`]{1,600}))[ \t]*(?:#[^\n]*)?(?=\r?\n|$)"
)
_PASSWORD_WORDS = (["password"], ["passwd"], ["passphrase"], ["pwd"])
_KEBAB = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)+")
_PROSE_CODE = re.compile(r"(?:[ \t]+|[ \t]*\r?\n[ \t]*)(?:is[ \t]+|of[ \t]+)?`([^`\s]{1,200})`")
"""Markdown or AsciiDoc code after a password word, on the same line or, where prose wraps, the
next (``with passphrase`` then `` `value` `` at the start of the next line)."""


def _directive(text: str, lo: int, hi: int) -> tuple[int, int, str, bool] | None:
    """A secret name with its value after a space and nothing else on the line: configuration
    directives (``requirepass value`` in redis.conf, ``password value`` in Gradle blocks and
    many daemons' files), and a value in Markdown code after the name (password `value`)."""
    line_start = text.rfind("\n", max(0, lo - 200), lo) + 1
    at_start = (line_start > 0 or lo <= 200) and text[line_start:lo].strip() in ("", "@")
    if at_start:
        span = _quoted(text, hi + 1) if text[hi : hi + 1] in " \t" else None
        if span is not None and text[span[1] + 1 : _line_end(text, span[1])].strip() in ("", ";"):
            return span[0], span[1], RULE_QUOTED, True  # BIND's secret "value";
        m = _DIRECTIVE_VALUE.match(text, hi)
        if m and m.group(3):
            return m.start(3), m.end(3), RULE_UNQUOTED, False
    # Only after a password word: "the secret `crm-api-key`" names a secret, it holds none.
    m = _PROSE_CODE.match(text, hi)
    if m and split_words(text[lo:hi])[-1:] in _PASSWORD_WORDS and not _KEBAB.fullmatch(m.group(1)):
        return m.start(1), m.end(1), RULE_QUOTED, True
    # Prose without code: "the admin password is <value>", "your token is: <value>" (printed
    # by a script), judged as a key would be (random).
    m = _PROSE_BARE.match(text, hi)
    if m and split_words(text[lo:hi])[-1:] in _PROSE_WORDS:
        value = m.group(1)
        if _random_word(value):
            return m.start(1), m.end(1), RULE_QUOTED, False
    # A label in a document, in any of its languages: "Das Passwort für den Server lautet: v",
    # "Password for ops: v", "Token (prod): v", "| Password | `v` |", "**Password**: v".
    m = _PROSE_LABEL.match(text, hi)
    labelled = m is not None and (m.group("copula") or m.group("sep"))
    if m is not None and m.group("sep") == "|" and not _short_cell(text, lo):
        labelled = False  # "| ... that hold a credential | `--flag` |": a phrase, not a label
    if m and labelled and _prose_name(text[lo:hi]) and not _benign_filler(m.group("filler")):
        group = "code" if m.group("code") else "bare"
        if _random_word(m.group(group)):
            return m.start(group), m.end(group), RULE_QUOTED, group == "code"
    return None


def _short_cell(text: str, lo: int) -> bool:
    """The secret word ends a table cell of at most three words (``| Admin password |``)."""
    start = _line_start(text, lo)
    bar = text.rfind("|", start, lo)
    return bar >= 0 and len(text[bar + 1 : lo].split()) <= 2


def _random_word(value: str) -> bool:
    """A value written in prose that is random enough to be a credential, not a word."""
    random = shannon(value) >= 3.2 and relative_entropy(value) >= 0.75
    return random and value_is_secret(value, STRONG_NAME) and not _KEBAB.fullmatch(value)


def _prose_name(name: str) -> bool:
    words = split_words(name)
    if not words:
        return False
    last = words[-1]
    return (
        [last] in _PROSE_WORDS
        or last in _PROSE_EXTRA
        or _foreign_password(last)
        or _non_latin_password(words)
    )


def _benign_filler(filler: str) -> bool:
    """The word right after the secret word says it is not the secret itself ("Secret
    version: ...", "API key ID: ...", "Password hint: ..."); later words do not ("Password for
    the server: ...")."""
    words = split_words(filler)[:1]
    return any(w in BENIGN_LAST or w in BENIGN_ANY for w in words)


_PROSE_EXTRA = frozenset({"apikey", "key", "credential", "credentials", "passcode", "pin", "pw"})
_COPULA = (
    "is|was|remains|are|ist|lautet|lauten|est|sont|es|son|é|è|são|är|er|on|je|to|jest|wordt|er"
)
_PROSE_LABEL = re.compile(
    r"(?:\*\*|__)?"
    r"(?P<filler>(?:[ \t]+(?!(?:" + _COPULA + r")\b)[^\s:：|`*<>=]{1,24}){0,5}?)"
    r"[ \t]*(?:\*\*|__)?"
    r"(?:[ \t]+(?P<copula>" + _COPULA + r"))?"
    r"[ \t]*(?:(?P<sep>[:：|])[ \t]*)?(?:\*\*|__)?[ \t]*"
    r"(?:`(?!-)(?P<code>[^`\s]{6,200})`|(?!-|[A-Za-z_][\w.-]+=)(?P<bare>[^\s`'\"<>()\[\]|]{6,200}?))"
    r"[.,;]?[ \t]*\|?[ \t]*(?=\r?\n|$)"
)
"""A secret word's value in a document line: up to five words (none a copula), a copula of one
of the usual languages or a colon or table bar (at least one of them), then one random word (in
code or not, not a flag nor an assignment) ending the line. Used only after a password, token,
secret or API key word."""


def _foreign_password(word: str) -> bool:
    """A password word of another language, inflected (``lösenordet``, ``salasanan``,
    ``wachtwoorden``): a known stem and at most three more letters, or one of the listed
    inflections of the shorter words."""
    if word in FOREIGN or word in _FOREIGN_INFLECTED:
        return True
    return any(word.startswith(f) and len(word) - len(f) <= 3 for f in _FOREIGN_STEMS)


_FOREIGN_STEMS = (
    "passwort", "kennwort", "motdepasse", "contrasena", "contrasenya", "wachtwoord", "losenord",
    "salasana", "jelszo", "parola", "lozinka", "passord", "adgangskode", "parool",
)  # fmt: skip
"""Password words of six letters or more, which inflect by a suffix (``lösenordet``,
``salasanan``, ``wachtwoorden``, ``passwortes``)."""
_FOREIGN_INFLECTED = frozenset({"hesla", "hasla", "senhas", "gesla"})


_PROSE_BARE = re.compile(
    r"[ \t]+(?:is|was|remains)[ \t]*:?[ \t]+([^\s`'\"<>()\[\]]{8,200}?)[.,;]?(?=\s|$)"
)
_PROSE_WORDS = (*_PASSWORD_WORDS, ["token"], ["secret"], ["secrets"], ["tokens"])


_CELL_NAME = re.compile(r"<(?:t[dh]|dt)(?:[ \t][^<>]{0,40})?>(?:<(?:b|strong)>)?$")
_CELL_VALUE = re.compile(
    r"(?:</(?:b|strong)>)?:?</(?:t[dh]|dt)>\s{0,200}<(?:td|dd)(?:[ \t][^<>]{0,40})?>"
    r"(?:<(?:code|tt|kbd|b|strong)>)?([^<\s]{6,200})(?:</(?:code|tt|kbd|b|strong)>)?</(?:td|dd)>"
)
"""An HTML table row or definition list naming a secret in one cell and holding it in the next."""
_XML_NAME = re.compile(r"<(?:[\w-]+-)?(?:name|key)>$")
_XML_SIBLING_VALUE = re.compile(
    r"</(?:[\w-]+-)?(?:name|key)>\s{0,200}<((?:[\w-]+-)?value|string)>([^<\r\n]{1,1000})</\1>"
)
_ANSWER_VALUE = re.compile(
    r"\s{0,200}<Value>([^<\r\n]{1,500})</Value>(?:\s{0,200}<PlainText>(\w+)</PlainText>)?"
)
"""An answer file's password element (``unattend.xml``): its ``Value``, unless ``PlainText`` is
false (then the value is encoded, not clear)."""
_SEALED = re.compile(r"^([ \t]*)encryptedData:[ \t]*$", re.MULTILINE)


def _sealed(text: str, lo: int) -> bool:
    """Inside a SealedSecret's ``encryptedData`` map: ciphertext only its controller can open."""
    block = text.rfind("encryptedData:", max(0, lo - 8000), lo)
    if block < 0:
        return False
    m = _SEALED.match(text, text.rfind("\n", 0, block) + 1)
    if not m:
        return False
    indent = len(m.group(1))
    for line in text[m.end() : text.rfind("\n", 0, lo) + 1].splitlines()[1:]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            return False  # the map ended before the name
    line_start = text.rfind("\n", 0, lo) + 1
    return lo - line_start > indent


_OPTION = re.compile(
    r"(?:^|[\s\"'\[,])(?:-e|--env|--set|--set-string|--build-arg|--arg|-var|--var"
    r"|--from-literal|--param|--parameters|-p|--property)[ \t=]+[\"']?$"
)


def _option_value(text: str, pos: int) -> bool:
    """``NAME=value`` given to an option (``docker run -e``, ``helm --set``, ``--build-arg``,
    ``terraform -var``, ``kubectl --from-literal``): the value is one word, not the line's rest."""
    start = max(0, pos - 24)
    return bool(_OPTION.search(text[start:pos]))


_MAGIC_LINE = re.compile(r"[ \t]*(?:%env|%set_env)[ \t]+")
_COMMAND_AFTER = re.compile(r"[^\s]+[ \t]+[A-Za-z_./][\w./-]*")


def _command_env(text: str, lo: int, hi: int, name: str) -> bool:
    """``PGPASSWORD=value psql ...``: an environment variable set for one command (shell syntax:
    an upper-case name at the start of a command, ``=`` with no spaces, then the command)."""
    if not (name.isupper() and hi < len(text) and text[hi] == "="):
        return False
    start = text.rfind("\n", max(0, lo - 200), lo) + 1
    before = text[start:lo].rstrip(" \t")
    if (
        before
        and not before.endswith(("&&", "||", ";", "|", "(", "sudo", "env"))
        and not _CRON_SCHEDULE.fullmatch(before)
    ):
        return False
    return bool(_COMMAND_AFTER.match(text, hi + 1))


_CRON_SCHEDULE = re.compile(
    r"[ \t]*(?:@(?:reboot|yearly|annually|monthly|weekly|daily|midnight|hourly)"
    r"|(?:[\d*/,\-]+[ \t]+){4}[\d*/,\-A-Za-z]+)(?:[ \t]+[a-z_][\w-]{0,31})?"
)
"""A crontab line's schedule (and, in /etc/crontab and cron.d, its user) before the command."""


_SPACE_KEYWORDS = re.compile(
    r"[ \t]*(?:#[ \t]*define|SetEnv|ENV|setenv|export|set[ \t]+-[a-zA-Z]+"
    r"|aws[ \t]+configure[ \t]+(?:--profile[ \t]+\S+[ \t]+)?set"
    r"|RequestHeader[ \t]+(?:set|append|add|merge|setifempty)|(?:proxy|grpc|fastcgi)_set_header"
    r"|http-request[ \t]+(?:set|add)-header|header_up|request_header)[ \t]+$"
)


def _keyword_line(text: str, pos: int) -> bool:
    """``#define NAME value``, Apache ``SetEnv``, Dockerfile ``ENV NAME value``, csh ``setenv``,
    ``aws configure set NAME value``; a request header a proxy adds (Apache ``RequestHeader set
    X-Api-Key value``, nginx ``proxy_set_header X-Api-Key value;``, HAProxy ``http-request
    set-header X-Api-Key value``, Caddy ``header_up`` and ``request_header``)."""
    start = text.rfind("\n", max(0, pos - 120), pos) + 1
    return bool(_SPACE_KEYWORDS.fullmatch(text, start, pos))


_COMMA = re.compile(r"[ \t]*,[ \t]*")
_ENV_LOOKUP = (
    r"(?:process\.env|import\.meta\.env)(?:\.\w+|\[[^\]\r\n]{1,80}\])"
    r"|[\w.:]{0,40}?(?:getenv|get_env|getEnv|GetEnv|Getenv|GetEnvironmentVariable|fetch_env"
    r"|env::var|environ\.get|ENV\.fetch|env\.get|Env\.get)\([^)\r\n]{1,80}\)"
    r"|(?:ENV|\$_SERVER|environment)\[[^\]\r\n]{1,80}\]|\$ENV\{[^}\r\n]{1,80}\}|\$\{?\w+\}?"
)
_EXPR_FALLBACK = re.compile(
    r"(?:[A-Za-z_][\w.]{0,60}\[[^\]\r\n]{1,80}\]|[A-Za-z_][\w.]{0,60}\([^()\r\n]{0,80}\))"
    r"[ \t]*(?:\|\||\?\?|\?:|\bor\b)[ \t]*"
)
"""Any indexer or call with a literal fallback: ``config["Db:Password"] ?? "value"``,
``GetPassword() ?? "value"``."""
_ENV_FALLBACK = re.compile(
    f"(?:{_ENV_LOOKUP})"
    r"[ \t]*(?:\|\||\?\?|\?:|\bor\b|//(?=[ \t]*[\"'])|\.unwrap_or\("
    r"|\.unwrap_or_else\([ \t]*\|[^|\r\n]{0,12}\||\{[ \t]*(?:\|[^|\r\n]{0,12}\|)?"
    r"|\)?[ \t]*\.(?:orElse|getOrElse)\()"
    r"[ \t]*(?:String::from\(|\{[ \t]*)?"
    f"|cmp\\.Or\\([ \\t]*(?:{_ENV_LOOKUP})[ \\t]*,[ \\t]*"
    r"|\b(?:config|env(?:\.\w+)?)\([ \t]*[\"'][\w.\-]{1,80}[\"'][ \t]*,[ \t]*default[ \t]*=[ \t]*"
)
"""An environment lookup with a literal fallback: ``process.env.TOKEN || "value"``, C#'s
``?? "value"``, Kotlin's ``?: "value"``, Elixir's ``System.get_env("X") || "value"``, Python's
``os.getenv("X") or "value"``, Perl's ``$ENV{X} // 'value'``, Ruby's ``ENV.fetch("X") { "value" }``,
Rust's ``env::var("X").unwrap_or("value")`` and ``.unwrap_or_else(|_| String::from("value"))``,
Java's ``Optional.ofNullable(System.getenv("X")).orElse("value")``, Scala's
``sys.env.get("X").getOrElse("value")``, Swift's and Dart's ``environment["X"] ?? "value"``, Go's
``cmp.Or(os.Getenv("X"), "value")``, python-decouple's and environs' ``config("X",
default="value")``."""


def _env_default(text: str, lo: int, hi: int) -> tuple[int, int, str, bool] | None:
    """The literal fallback of an environment lookup whose variable is the secret-like name
    (``System.get_env("DB_PASSWORD") || "value"``, ``process.env.API_TOKEN ?? "value"``)."""
    if text[max(0, lo - 2) : lo] == "${":  # shell: ${DB_PASSWORD:-value}
        shell = _FALLBACK.match(text, lo - 2)
        if shell is None:
            return None
        # Inside a string ("${...}", Kotlin's "\${...}"): Spring's @Value("${db.password:value}").
        quoted = any(c in _QUOTES for c in text[max(0, lo - 4) : lo - 2])
        rule = RULE_QUOTED if quoted else RULE_UNQUOTED
        return shell.start(1), shell.end(1), rule, True
    start = max(_line_start(text, lo), lo - 120)
    before = text[start:lo]
    if not ("env" in before.lower() or "$" in before or "config(" in before):
        return None  # no lookup can hold the name
    for m in _ENV_FALLBACK.finditer(text, start, _line_end(text, hi)):
        if m.start() <= lo and hi <= m.end():
            span = _quoted(text, m.end())
            return (span[0], span[1], RULE_QUOTED, True) if span is not None else None
        if m.start() > lo:
            break
    return None


_WRAPPER = re.compile(
    r"(?:\[\]byte|Buffer\.from|Encoding\.\w+\.GetBytes|bytes|bytearray|SecretStr|strdup"
    r"|new[ \t]+String|String\.from|to_bytes|std::string|QString|Sensitive(?:\.new)?)"
    r"[ \t]*\([ \t]*"
)
"""Calls that only wrap a literal: byte conversions, Pydantic's ``SecretStr``, Puppet's
``Sensitive('...')`` (which hides a value from logs, not from the manifest)."""


_BUILD_FIELD = re.compile(
    r"""[ \t]*(?:[\w.]+\.)?(?:buildConfigField|resValue)[ \t]*\(?[ \t]*["'][\w.]{1,40}["'][ \t]*,[ \t]*$"""
)


def _build_field(text: str, lo: int, i: int) -> tuple[int, int, str, bool] | None:
    """Android Gradle's ``buildConfigField("String", "API_KEY", "\\"value\\"")`` (the value a
    Java string literal inside a Gradle one, ``'"value"'`` in Groovy) and ``resValue("string",
    "api_key", "value")``: the name is the second argument, the value the third."""
    if not _BUILD_FIELD.fullmatch(text, _line_start(text, lo), lo - 1):
        return None
    comma = _COMMA.match(text, i)
    if comma is None:
        return None
    j = comma.end()
    end = _line_end(text, j)
    for opening, closing in (('"\\"', '\\""'), ("'\"", "\"'")):
        if text.startswith(opening, j):
            close = text.find(closing, j + len(opening), end)
            return (j + len(opening), close, RULE_QUOTED, True) if close > j + 3 else None
    span = _quoted(text, j)
    return (span[0], span[1], RULE_QUOTED, True) if span is not None else None


def _first_argument(text: str, quote: int, flag: bool) -> bool:
    """The quoted name opens a call's arguments (``define(``, ``setenv(``), or is a flag in a list
    (``["app", "--password", "value"]``).

    A tuple, set or list of words (``("password", "secret")``) is not a name/value pair.
    """
    j = quote - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j < 1:
        return False
    if text[j] == "(":
        return text[j - 1].isalnum() or text[j - 1] == "_"
    if text[j] == "," and _SETTER_CALL.search(text, max(0, j - 120), j):
        return True  # setattr(cfg, "password", "v"), parser.set("db", "password", "v")
    return text[j] in "[," and flag  # a flag anywhere in an argument list


_SETTER_CALL = re.compile(
    r"(?:\bsetattr|\.set|\.put|\.setProperty|\.setValue|\.setString|\.add)[ \t]*\([^()\r\n]{0,100}$"
)
"""A setter whose name argument is not the first: ``setattr(obj, name, value)``,
``ConfigParser.set(section, option, value)``."""


def _netrc_line(text: str, pos: int) -> bool:
    start = text.rfind("\n", max(0, pos - 300), pos) + 1
    if start == 0 and pos > 300:
        start = pos - 300  # a line longer than the window: read its last 300 characters only
    return bool(_NETRC.match(text, start)) or text[start:pos].lstrip().startswith(
        ("machine ", "default ")
    )


NETRC_FILES = frozenset({".netrc", "_netrc"})
"""Files in the netrc format, where ``password value`` needs no operator."""


# --- values wrapped in base64 in manifests ----------------------------------------------------

_DOC_SEPARATOR = re.compile(r"^---[ \t]*$", re.MULTILINE)
_YAML_DATA = re.compile(r"^([ \t]*)data:[ \t]*$", re.MULTILINE)
_YAML_ENTRY = re.compile(
    r"^([ \t]+)([A-Za-z0-9_.\-]+):[ \t]*[\"']?([A-Za-z0-9+/]+={0,2})[\"']?[ \t]*$"
)
_JSON_DATA = re.compile(r'"data"\s*:\s*\{')
_JSON_ENTRY = re.compile(r'"([A-Za-z0-9_.\-]+)"\s*:\s*"([A-Za-z0-9+/]+={0,2})"')
_MANIFEST_SPAN = 64 * 1024


@dataclass(frozen=True, slots=True)
class Encoded:
    """A base64 value of a manifest's ``data`` map, decoded: where it sits, its key, its text."""

    start: int
    end: int
    key: str
    text: str


def _decode_text(value: str) -> str | None:
    if len(value) < 8 or len(value) % 4:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    printable = sum(c.isprintable() or c in "\r\n\t" for c in text)
    return text if text and printable == len(text) else None


def encoded_values(text: str, hits: Iterable[int]) -> list[Encoded]:
    """The decoded ``data`` entries of Kubernetes ``Secret`` manifests around ``kind: Secret`` hits.

    A Secret's ``data`` values are base64 of the secret bytes (``stringData`` holds them in
    clear, where the assignment grammar reads them as usual). YAML documents (``---``
    separated) and JSON manifests are read; values that do not decode to text are skipped.
    """
    out: list[Encoded] = []
    done: set[int] = set()
    for pos in sorted(hits):
        lo = max(0, pos - _MANIFEST_SPAN)
        hi = min(len(text), pos + _MANIFEST_SPAN)
        before = [m.end() for m in _DOC_SEPARATOR.finditer(text, lo, pos)]
        start = before[-1] if before else lo
        after = _DOC_SEPARATOR.search(text, pos, hi)
        end = after.start() if after else hi
        if start in done:
            continue
        done.add(start)
        out.extend(_yaml_data(text, start, end))
        out.extend(_json_data(text, start, end))
    return out


def _yaml_data(text: str, start: int, end: int) -> list[Encoded]:
    out = []
    for block in _YAML_DATA.finditer(text, start, end):
        indent = len(block.group(1))
        pos = block.end() + 1
        while pos < end:
            line_end = text.find("\n", pos, end)
            line_end = end if line_end < 0 else line_end
            line = text[pos:line_end].rstrip("\r")
            if line.strip() and not line.lstrip().startswith("#"):
                m = _YAML_ENTRY.match(line)
                if not m or len(m.group(1)) <= indent:
                    break
                decoded = _decode_text(m.group(3))
                if decoded is not None:
                    s = pos + m.start(3)
                    out.append(Encoded(s, s + len(m.group(3)), m.group(2), decoded))
            pos = line_end + 1
    return out


def _json_data(text: str, start: int, end: int) -> list[Encoded]:
    out = []
    for block in _JSON_DATA.finditer(text, start, end):
        close = text.find("}", block.end(), end)
        stop = close if close >= 0 else end
        for m in _JSON_ENTRY.finditer(text, block.end(), stop):
            decoded = _decode_text(m.group(2))
            if decoded is not None:
                out.append(Encoded(m.start(2), m.end(2), m.group(1), decoded))
    return out
