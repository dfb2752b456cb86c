"""Credentials in system administration files and command lines, written as each tool's manual
gives them, each with look-alikes that stay silent.

Command lines: ``ssh-keygen -N``, ``htpasswd -b``, a password piped into ``sudo -S``,
``chpasswd`` or ``passwd --stdin``, Ansible's ``password_hash`` over a literal, ``net use``,
Samba's ``user%password``, ``git config credential.*.password``, SQL Server's ``sp_addlogin``, a
variable set for one command in a crontab line. Files: ``sentinel auth-pass``, network device
``password 0``/``7``, Kickstart and slapd ``rootpw``, debconf answers, LDAP clients' ``bindpw``,
SSSD's ``ldap_default_authtok``, msmtp's ``password``, fstab mount options, Windows answer files,
servlet ``<param-name>``/``<param-value>``, Android ``buildConfigField``, JSON held in a string.
Values are drawn at random; none describes itself.
"""

from __future__ import annotations

import random

import pytest
from codescan_helpers import random_value

from assess.codescan import Detector

DETECTOR = Detector()
RNG = random.Random(3113)
PW = random_value(RNG, "pw", 16)
KEY = random_value(RNG, "alnum", 32)
HEX = random_value(RNG, "hex", 20).upper()


def secrets(text: str, path: str) -> list[str]:
    return [m.secret for m in DETECTOR.scan_text(text, path)]


@pytest.mark.parametrize(
    ("path", "text", "secret"),
    [
        ("keys.sh", f"ssh-keygen -t ed25519 -N '{PW}' -f id_deploy\n", PW),
        ("web.sh", f"htpasswd -bc /etc/nginx/.htpasswd admin {PW}\n", PW),
        ("web.sh", f"htpasswd -nbB ops {PW} >> users\n", PW),
        ("ops.sh", f"echo '{PW}' | sudo -S systemctl restart app\n", PW),
        ("Dockerfile", f"RUN echo 'root:{PW}' | chpasswd\n", PW),
        ("users.sh", f'echo "{PW}" | passwd --stdin deploy\n', PW),
        ("site.yml", f"    password: \"{{{{ '{PW}' | password_hash('sha512') }}}}\"\n", PW),
        ("map.cmd", f"net use Z: \\\\fs01\\share {PW} /user:CORP\\svc\n", PW),
        ("map.cmd", f"NET USE \\\\fs01\\ipc$ /user:CORP\\svc {PW}\n", PW),
        ("sync.sh", f"smbclient //fs01/share -U svc%{PW} -c 'get report.csv'\n", PW),
        (
            "setup.sh",
            f"git config --global credential.https://git.host.invalid.password {PW}\n",
            PW,
        ),
        ("init.sql", f"EXEC sp_addlogin 'reporting', '{PW}';\n", PW),
        ("crontab", f"0 2 * * * PGPASSWORD={PW} pg_dump -h db -U app app > /backup/app.sql\n", PW),
        ("app.cron", f"@daily root API_TOKEN={KEY} /usr/local/bin/sync\n", KEY),
        (
            "sentinel.conf",
            f"sentinel monitor mymaster 10.0.0.5 6379 2\nsentinel auth-pass mymaster {PW}\n",
            PW,
        ),
        ("router.cfg", f"username admin privilege 15 password 0 {PW}\n", PW),
        ("router.cfg", f"line vty 0 4\n password 7 {HEX}\n login\n", HEX),
        ("ks.cfg", f"lang en_US\nrootpw --plaintext {PW}\n", PW),
        ("slapd.conf", f'rootdn "cn=admin,dc=corp"\nrootpw {PW}\n', PW),
        ("preseed.cfg", f"d-i passwd/root-password password {PW}\n", PW),
        (
            "Dockerfile",
            f'RUN echo "mysql-server mysql-server/root_password password {PW}" '
            "| debconf-set-selections\n",
            PW,
        ),
        ("ldap.conf", f"binddn cn=reader,dc=corp\nbindpw {PW}\n", PW),
        ("sssd.conf", f"[domain/corp]\nldap_default_authtok = {PW}\n", PW),
        ("cn=config.ldif", f"olcRootDN: cn=admin,dc=corp\nolcRootPW: {PW}\n", PW),
        (".msmtprc", f"account default\nhost smtp.host.invalid\nuser relay\npassword {PW}\n", PW),
        ("fstab", f"//fs01/share /mnt/share cifs username=svc,password={PW},vers=3.0 0 0\n", PW),
        (
            "autounattend.xml",
            f"<AdministratorPassword>\n  <Value>{PW}</Value>\n  <PlainText>true</PlainText>\n"
            "</AdministratorPassword>\n",
            PW,
        ),
        (
            "web.xml",
            "<context-param>\n  <param-name>dbPassword</param-name>\n"
            f"  <param-value>{PW}</param-value>\n</context-param>\n",
            PW,
        ),
        ("Info.plist", f"<key>ApiToken</key>\n<string>{KEY}</string>\n", KEY),
        ("build.gradle.kts", f'buildConfigField("String", "API_KEY", "\\"{KEY}\\"")\n', KEY),
        ("build.gradle", f"buildConfigField 'String', 'API_KEY', '\"{KEY}\"'\n", KEY),
        ("build.gradle", f'resValue("string", "maps_api_key", "{KEY}")\n', KEY),
        ("config.json", f'{{"settings": "{{\\"password\\":\\"{PW}\\"}}"}}\n', PW),
        (
            "app.properties",
            f"spring.datasource.url=jdbc:mysql://db:3306/app?user=app&password={PW}&useSSL=true\n",
            PW,
        ),
    ],
)
def test_documented_forms_are_found(path: str, text: str, secret: str) -> None:
    assert secrets(text, path) == [secret]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("keys.sh", "ssh-keygen -t ed25519 -N '' -f id_deploy\n"),
        ("keys.sh", 'ssh-keygen -t rsa -N "$KEY_PASSPHRASE" -f id\n'),
        ("web.sh", "htpasswd -c /etc/nginx/.htpasswd admin\n"),
        ("ops.sh", 'echo "$SUDO_PASSWORD" | sudo -S true\n'),
        ("ops.sh", "echo done | sudo tee /etc/motd\n"),
        ("site.yml", "    password: \"{{ vault_password | password_hash('sha512') }}\"\n"),
        ("map.cmd", "net use Z: \\\\fs01\\share /persistent:yes\n"),
        ("map.cmd", "net use Z: \\\\fs01\\share * /user:CORP\\svc\n"),
        ("sync.sh", "smbclient //fs01/share -U svc -c ls\n"),
        ("setup.sh", "git config --global credential.helper store\n"),
        ("crontab", "0 2 * * * /usr/local/bin/backup.sh > /dev/null 2>&1\n"),
        ("crontab", "0 2 * * * PGPASSWORD=$DB_PASSWORD pg_dump app > /backup/app.sql\n"),
        ("sentinel.conf", "# sentinel auth-pass <master-name> <password>\n"),
        ("router.cfg", f"username admin privilege 15 secret 5 $1$abcd${KEY[:22]}\n"),
        ("ks.cfg", f"rootpw --iscrypted $6$abc${KEY}\n"),
        ("slapd.conf", f"rootpw {{SSHA}}{KEY}\n"),
        ("preseed.cfg", f"d-i passwd/root-password-crypted password $6$abc${KEY}\n"),
        ("ldap.conf", "bindpw ${LDAP_BIND_PASSWORD}\n"),
        ("sssd.conf", "ldap_default_authtok_type = password\n"),
        (".msmtprc", 'passwordeval "pass show mail/relay"\n'),
        ("fstab", "//fs01/share /mnt/share cifs credentials=/root/.smbcred,vers=3.0 0 0\n"),
        (
            "autounattend.xml",
            f"<AdministratorPassword>\n  <Value>{KEY}==</Value>\n  <PlainText>false</PlainText>\n"
            "</AdministratorPassword>\n",
        ),
        ("web.xml", f"<param-name>passwordPolicy</param-name>\n<param-value>{KEY}</param-value>\n"),
        (
            "build.gradle",
            'buildConfigField("String", "API_URL", "\\"https://api.host.invalid\\"")\n',
        ),
        ("build.gradle", 'buildConfigField("String", "API_KEY", "\\"" + apiKey + "\\"")\n'),
        ("config.json", '{"settings": "{\\"password\\":\\"${DB_PASSWORD}\\"}"}\n'),
    ],
)
def test_look_alikes_stay_silent(path: str, text: str) -> None:
    assert secrets(text, path) == []
