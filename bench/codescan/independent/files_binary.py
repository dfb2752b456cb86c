"""Key files, archives (a jar and nested zips) and binaries with credentials embedded as strings."""

from __future__ import annotations

import base64
import json
import struct

from independent import keys, known
from independent.forge import Forge, b64_text
from independent.tree import Doc, Mark, Tree


def key_files(tree: Tree, fx: Forge) -> None:
    private, public = keys.openssh_ed25519(fx, "deploy@build-agent-07")
    d = Doc()
    d.t("private-key", "openssh-ed25519", "§", private.rstrip("\n"))
    tree.add("keys/deploy_ed25519", d)
    d = Doc()
    d.f("private-key", "openssh-public-key", "§", public)
    tree.add("keys/deploy_ed25519.pub", d)

    d = Doc()
    d.t("private-key", "rsa-pkcs1-pem", "§", keys.rsa_private(fx).rstrip("\n"))
    tree.add("keys/partner-mtls.key", d)
    d = Doc()
    d.f(
        "private-key",
        "x509-certificate",
        "§",
        keys.certificate(fx, "partner-mtls.northwind.example").rstrip("\n"),
    )
    tree.add("keys/partner-mtls.crt", d)
    d = Doc("# Public key used to verify webhook signatures (safe to publish).")
    d.f("private-key", "ec-public-key", "§", keys.ec_public(fx).rstrip("\n"))
    tree.add("keys/webhook-verify.pub.pem", d)

    d = Doc()
    d.t("private-key", "rsa-pkcs8-pem", "§", keys.rsa_private(fx, 2048, "pkcs8").rstrip("\n"))
    tree.add("api/src/main/resources/jwt-signing.pem", d)

    pem = keys.ec_private(fx, "pkcs8")
    project = f"nw-ci-{fx.digits(6)}"
    sa = {
        "type": "service_account",
        "project_id": project,
        "private_key_id": fx.hex(40),
        "private_key": pem,
        "client_email": f"ci-deployer@{project}.iam.gserviceaccount.com",
        "client_id": fx.digits(21),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    lines = json.dumps(sa, indent=2).split("\n")
    key_line = next(i for i, ln in enumerate(lines) if '"private_key":' in ln)
    escaped = json.dumps(pem)[1:-1]
    d = Doc(*lines[:key_line])
    d.t("gcp-service-account", "service-account-json", '  "private_key": "§",', escaped,
        up=key_line, down=len(lines) - key_line - 1)  # fmt: skip
    d(*lines[key_line + 1 :])
    tree.add("deploy/gcp/ci-deployer.json", d)

    d = Doc('"""mTLS client for the clearing house."""', "", "CLIENT_CERT = 'certs/clearing.crt'")
    d.t("private-key", "pem-in-python-string", 'CLIENT_KEY = """§"""', keys.ec_private(fx))
    tree.add("services/clearing/clearing/tls.py", d)

    ca = keys.certificate(fx, "northwind-aks-ca")
    d = Doc("apiVersion: v1", "kind: Config", "clusters:", "  - name: aks-prod", "    cluster:")
    d.f("private-key", "kubeconfig-ca-data", "      certificate-authority-data: §", b64_text(ca))
    d(
        "      server: https://aks-prod-dns-7f3c.hcp.westeurope.azmk8s.io:443",
        "users:",
        "  - name: ops",
        "    user:",
    )
    d.t(
        "private-key",
        "kubeconfig-client-key-data",
        "      client-key-data: §",
        b64_text(keys.ec_private(fx)),
    )
    d("  - name: ci", "    user:")
    d.t(
        "jwt",
        "kubeconfig-token",
        "      token: §",
        fx.jwt("RS256", {"kubernetes.io/serviceaccount/namespace": "ci"}),
    )
    tree.add("home/.kube/config", d)


def _class_file(class_name: str, field: str, value: str) -> bytes:
    """A minimal Java class: one ``public static final String`` field with a constant value."""

    def utf8(s: str) -> bytes:
        b = s.encode()
        return b"\x01" + struct.pack(">H", len(b)) + b

    pool = (
        b"\x07" + struct.pack(">H", 2) + utf8(class_name)
        + b"\x07" + struct.pack(">H", 4) + utf8("java/lang/Object")
        + utf8(field) + utf8("Ljava/lang/String;") + utf8("ConstantValue")
        + b"\x08" + struct.pack(">H", 9) + utf8(value)
    )  # fmt: skip
    return (
        b"\xca\xfe\xba\xbe" + struct.pack(">HHH", 0, 61, 10) + pool
        + struct.pack(">HHHH", 0x0031, 1, 3, 0)
        + struct.pack(">H", 1) + struct.pack(">HHHH", 0x0019, 5, 6, 1)
        + struct.pack(">HIH", 7, 2, 8)
        + struct.pack(">HH", 0, 0)
    )  # fmt: skip


def _whole(kind: str, family: str, variant: str, value: str) -> Mark:
    return Mark(kind, family, variant, value, 1, 1)


def archives(tree: Tree, fx: Forge) -> None:
    jar = Tree()
    d = Doc(
        "Manifest-Version: 1.0", "Main-Class: org.springframework.boot.loader.launch.JarLauncher"
    )
    d.f("generic-secret", "manifest-build-revision", "Build-Revision: §", fx.hex(40))
    jar.add("META-INF/MANIFEST.MF", d)
    d = Doc("spring.application.name=orders")
    d.t("generic-password", "jar-properties-password", "spring.rabbitmq.password=§", fx.password())
    d.t("azure-messaging", "jar-properties-servicebus", "orders.events.connection=§",
        f"Endpoint=sb://sb-orders.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={fx.shared_key()};EntityPath=orders")  # fmt: skip
    d.f(
        "generic-password",
        "jar-properties-placeholder",
        "spring.datasource.password=§",
        "${DB_PASSWORD}",
    )
    jar.add("BOOT-INF/classes/application.properties", d)
    token = fx.github_classic()
    jar.blob(
        "BOOT-INF/classes/com/northwind/orders/ReleaseKeys.class",
        _class_file("com/northwind/orders/ReleaseKeys", "RELEASE_TOKEN", token),
        [_whole("true", "github-token", "class-file-constant", token)],
    )
    tree.nest("dist/orders-service-2.4.1.jar", jar)

    inner = Tree()
    d = Doc("[upstream]", "url = https://partner.example.net/api")
    d.t("generic-password", "nested-zip-ini", "password = §", fx.password())
    d.f("generic-secret", "nested-zip-guid", "client = §", fx.guid())
    inner.add("settings.ini", d)
    outer = Tree()
    d = Doc("APP_ENV=production")
    d.t("sendgrid", "zipped-env", "SENDGRID_API_KEY=§", fx.sendgrid())
    d.t(
        "db-connection-string",
        "zipped-env-redis-url",
        "REDIS_URL=§",
        f"rediss://:{fx.password('url')}@redis-orders.internal:6380/0",
    )
    outer.add("etc/orders/.env", d)
    outer.nest("legacy/settings-2019.zip", inner)
    tree.nest("backups/config-2026-09.zip", outer)


def binaries(tree: Tree, fx: Forge) -> None:
    token = fx.gitlab("glrt-")
    data = (
        b"\x7fELF\x02\x01\x01\x00" + bytes(8) + fx.raw(400) + b"\x00UPLOAD_RUNNER_TOKEN=" + token.encode()
        + b"\x00" + fx.raw(300)
    )  # fmt: skip
    tree.blob(
        "tools/bin/uploader", data, [_whole("true", "gitlab-token", "elf-ascii-string", token)]
    )

    conn = (
        "Endpoint=sb://sb-agent.servicebus.windows.net/;SharedAccessKeyName=agent;"
        f"SharedAccessKey={fx.shared_key()}"
    )
    data = (
        b"MZ\x90\x00" + bytes(56) + b"This program cannot be run in DOS mode.\r\r\n$" + fx.raw(500)
        + conn.encode("utf-16-le") + b"\x00\x00" + fx.raw(200)
    )  # fmt: skip
    tree.blob(
        "tools/bin/Northwind.Agent.dll",
        data,
        [_whole("true", "azure-messaging", "pe-utf16-string", conn)],
    )

    image = known.png(fx, 32)
    tree.blob(
        "web/public/brand/logo.png", image,
        [_whole("lookalike", "generic-secret", "png-file", base64.b64encode(image).decode())],
    )  # fmt: skip


def build(tree: Tree, fx: Forge) -> None:
    key_files(tree, fx)
    archives(tree, fx)
    binaries(tree, fx)
