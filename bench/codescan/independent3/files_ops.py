"""Infrastructure, configuration and pipelines (see gen.py for slots).

Formats the other corpora leave out or barely touch: Maven settings, sbt and Cargo credentials,
composer auth, pip.conf, my.cnf, odbc.ini, pgbouncer, RabbitMQ, Mosquitto, Kafka client
properties, Grafana, Prometheus and Alertmanager, Fluent Bit, Logstash, dbt profiles, Airflow
connections, Pulumi and CloudFormation, Serverless, Nomad, Consul, Packer, Vagrant, Puppet
Hiera, Chef, Salt pillars, systemd units, supervisord, crontab, Drone, Bitbucket, Travis,
Tekton, Argo CD, Helmfile and Docker Swarm.
"""

FILES: dict[str, str] = {}

FILES["home/.m2/settings.xml"] = """\
<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
  <servers>
    <server>
      <id>qm-releases</id>
      <username>publisher</username>
      <password>⟪T password maven-settings-server pw:20⟫</password>
    </server>
    <server>
      <id>qm-snapshots</id>
      <username>${env.MAVEN_USER}</username>
      <password>${env.MAVEN_PASSWORD}</password>
    </server>
    <server>
      <id>signing</id>
      <passphrase>{⟪F encrypted maven-encrypted-passphrase b64:44⟫}</passphrase>
    </server>
  </servers>
</settings>
"""

FILES["home/.sbt/.credentials"] = """\
realm=Sonatype Nexus Repository Manager
host=nexus.quillmark.example
user=sbt-publisher
password=⟪T password sbt-credentials alnum:22⟫
"""

FILES["home/.cargo/credentials.toml"] = """\
[registry]
token = "⟪T package-registry cargo-crates-io-token fmt:cio{alnum:32}⟫"

[registries.quillmark]
token = "Bearer ⟪T package-registry cargo-private-registry alnum:40⟫"
"""

FILES["web/auth.json"] = """\
{
    "http-basic": {
        "repo.packagist.com": {
            "username": "token",
            "password": "⟪T package-registry composer-http-basic hex:40⟫"
        }
    },
    "github-oauth": {
        "github.com": "⟪T github composer-github-oauth gh:gho_⟫"
    }
}
"""

FILES["home/.config/pip/pip.conf"] = """\
[global]
index-url = https://pypi-reader:⟪T package-registry pip-index-url-password alnum:26⟫@pkgs.quillmark.example/simple/
timeout = 60
trusted-host = pkgs.quillmark.example
"""

FILES["ops/mysql/my.cnf"] = """\
[client]
user = backup
password = "⟪T password my-cnf-client pw:18⟫"
host = mysql-primary.internal

[mysqld]
innodb_buffer_pool_size = 4G
ssl-ca = /etc/mysql/certs/ca.pem
"""

FILES["ops/odbc.ini"] = """\
[QuillmarkDW]
Driver = ODBC Driver 18 for SQL Server
Server = tcp:qm-dw.database.windows.net,1433
Database = warehouse
UID = etl_loader
PWD = ⟪T password odbc-ini alnum:20⟫
Encrypt = yes
"""

FILES["ops/pgbouncer/userlist.txt"] = """\
"claims_app" "⟪F hash pgbouncer-scram-verifier fmt:SCRAM-SHA-256$4096:{b64:24}${b64:44}:{b64:44}⟫"
"reporting" "⟪T password pgbouncer-plain-password alnum:18⟫"
"stats" "⟪F hash pgbouncer-md5 fmt:md5{hex:32}⟫"
"""

FILES["ops/rabbitmq/rabbitmq.conf"] = """\
listeners.tcp.default = 5672
default_user = qm-admin
default_pass = ⟪T password rabbitmq-conf alnum:20⟫
management.tcp.port = 15672
loopback_users.guest = false
"""

FILES["ops/mosquitto/mosquitto.conf"] = """\
listener 8883
cafile /mosquitto/certs/ca.crt
password_file /mosquitto/config/passwd
allow_anonymous false

connection bridge-to-cloud
address mqtt.quillmark.example:8883
remote_username fleet-bridge
remote_password ⟪T password mosquitto-bridge pw:17⟫
"""

FILES["ledger/src/main/resources/kafka-client.properties"] = """\
bootstrap.servers=qm-events.servicebus.windows.net:9093
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$ConnectionString" password="Endpoint=sb://qm-events.servicebus.windows.net/;SharedAccessKeyName=ledger-send;SharedAccessKey=⟪T azure kafka-eventhubs-jaas bytes:32⟫";
ssl.endpoint.identification.algorithm=https
"""

FILES["ops/grafana/grafana.ini"] = """\
[server]
root_url = https://grafana.quillmark.example

[security]
admin_user = admin
admin_password = ⟪T password grafana-ini pw:18⟫
secret_key = ⟪T generic-secret grafana-secret-key alnum:32⟫

[auth.generic_oauth]
client_id = ⟪F id grafana-oauth-client-id fmt:{hex:8}-{hex:4}-4{hex:3}-a{hex:3}-{hex:12}⟫
client_secret = $__file{/etc/secrets/oauth_client_secret}
"""

FILES["ops/prometheus/prometheus.yml"] = """\
global:
  scrape_interval: 30s
scrape_configs:
  - job_name: claims-api
    scheme: https
    basic_auth:
      username: prometheus
      password: ⟪T password prometheus-basic-auth alnum:24⟫
    static_configs:
      - targets: ["claims-api.internal:9464"]
  - job_name: ledger
    authorization:
      credentials_file: /etc/prometheus/ledger-token
"""

FILES["ops/alertmanager/alertmanager.yml"] = """\
global:
  resolve_timeout: 5m
  slack_api_url: "⟪T slack alertmanager-slack-webhook fmt:https://hooks.slack.com/services/T{upper:8}/B{upper:10}/{alnum:24}⟫"
route:
  receiver: oncall
receivers:
  - name: oncall
    pagerduty_configs:
      - service_key: ⟪T generic-secret alertmanager-pagerduty-service-key hex:32⟫
    opsgenie_configs:
      - api_key_file: /etc/alertmanager/opsgenie-key
"""

FILES["ops/fluent-bit/outputs.conf"] = """\
[OUTPUT]
    Name        azure
    Match       *
    Customer_ID ⟪F id fluentbit-workspace-id fmt:{hex:8}-{hex:4}-4{hex:3}-b{hex:3}-{hex:12}⟫
    Shared_Key  ⟪T azure fluentbit-log-analytics-shared-key bytes:64⟫

[OUTPUT]
    Name        es
    Match       app.*
    Host        es.internal
    HTTP_User   fluent
    HTTP_Passwd ⟪T password fluentbit-es-passwd alnum:20⟫
"""

FILES["ops/logstash/pipeline/claims.conf"] = """\
input { beats { port => 5044 } }
output {
  elasticsearch {
    hosts => ["https://es.internal:9200"]
    user => "logstash_writer"
    password => "⟪T password logstash-fat-arrow pw:19⟫"
    index => "claims-%{+YYYY.MM.dd}"
  }
}
"""

FILES["analytics/dbt/profiles.yml"] = """\
quillmark:
  target: prod
  outputs:
    prod:
      type: sqlserver
      server: qm-dw.database.windows.net
      user: dbt_runner
      password: "{{ env_var('DBT_PASSWORD') }}"
      database: warehouse
    dev:
      type: postgres
      host: localhost
      user: dbt
      pass: ⟪T password dbt-profiles-pass alnum:18⟫
      dbname: analytics
"""

FILES["analytics/airflow/connections.yaml"] = """\
claims_db:
  conn_type: postgres
  host: claims-db.internal
  login: airflow
  password: ⟪T password airflow-connection-yaml pw:20⟫
warehouse_uri: "mssql+pyodbc://airflow:⟪T db-connection airflow-uri-password alnum:22⟫@qm-dw.database.windows.net/warehouse?driver=ODBC+Driver+18+for+SQL+Server"
"""

FILES["infra/pulumi/Pulumi.prod.yaml"] = """\
config:
  azure-native:location: westeurope
  claims:dbAdminPassword:
    secure: ⟪F encrypted pulumi-secure-ciphertext fmt:v1:{b64:16}:{b64:60}⟫
  claims:sendgridKey: ⟪T saas pulumi-plain-config fmt:SG.{b64url:22}.{b64url:43}⟫
  claims:instanceCount: "3"
"""

FILES["infra/cfn/queue-stack.yaml"] = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  ConsumerPassword:
    Type: String
    NoEcho: true
    Default: ⟪T password cloudformation-noecho-default pw:18⟫
  VpcId:
    Type: AWS::EC2::VPC::Id
Resources:
  Broker:
    Type: AWS::AmazonMQ::Broker
    Properties:
      Users:
        - Username: consumer
          Password: !Ref ConsumerPassword
        - Username: admin
          Password: '{{resolve:secretsmanager:qm/mq/admin:SecretString:password}}'
"""

FILES["functions/serverless.yml"] = """\
service: claims-intake
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    INTAKE_TABLE: ${self:service}-${sls:stage}
    OCR_API_KEY: ⟪T generic-secret serverless-env alnum:40⟫
    SIGNING_KEY: ${ssm:/qm/intake/signing-key}
functions:
  intake:
    handler: src/intake.handler
"""

FILES["infra/nomad/claims.nomad.hcl"] = """\
job "claims" {
  datacenters = ["dc1"]
  group "api" {
    task "server" {
      driver = "docker"
      env {
        DB_HOST     = "claims-db.service.consul"
        DB_PASSWORD = "⟪T password nomad-env-block pw:18⟫"
      }
      template {
        data        = "API_TOKEN={{ with secret \\"kv/claims\\" }}{{ .Data.token }}{{ end }}"
        destination = "secrets/env"
        env         = true
      }
    }
  }
}
"""

FILES["infra/consul/acl.hcl"] = """\
acl {
  enabled = true
  default_policy = "deny"
  tokens {
    initial_management = "⟪T generic-secret consul-acl-token fmt:{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}⟫"
    agent = "⟪T generic-secret consul-agent-token fmt:{hex:8}-{hex:4}-4{hex:3}-9{hex:3}-{hex:12}⟫"
  }
}
node_id = "⟪F id consul-node-id fmt:{hex:8}-{hex:4}-4{hex:3}-a{hex:3}-{hex:12}⟫"
"""

FILES["images/base.pkr.hcl"] = """\
source "azure-arm" "base" {
  subscription_id = "⟪F id packer-subscription-id fmt:{hex:8}-{hex:4}-4{hex:3}-b{hex:3}-{hex:12}⟫"
  client_id       = "⟪F id packer-client-id fmt:{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}⟫"
  client_secret   = "⟪T entra packer-client-secret entra⟫"
  image_publisher = "Canonical"
  vm_size         = "Standard_D2s_v5"
}
"""

FILES["dev/Vagrantfile"] = """\
Vagrant.configure("2") do |config|
  config.vm.box = "bento/ubuntu-24.04"
  config.vm.provision "shell", env: {
    "PG_PASSWORD" => "⟪T password vagrant-env-hash alnum:16⟫",
    "PG_VERSION" => "16"
  }, inline: "bash /vagrant/provision.sh"
end
"""

FILES["ops/puppet/data/common.yaml"] = """\
---
profile::db::user: claims
profile::db::password: ⟪T password hiera-plain pw:18⟫
profile::smtp::password: >
  ENC[PKCS7,⟪F encrypted hiera-eyaml-pkcs7 b64:200⟫]
profile::ntp::servers:
  - time.windows.com
"""

FILES["ops/chef/data_bags/ldap/bind.json"] = """\
{
  "id": "bind",
  "bind_dn": "cn=svc-chef,ou=services,dc=quillmark,dc=example",
  "bind_password": "⟪T password chef-data-bag pw:18⟫",
  "ca_fingerprint": "⟪F hash chef-ca-fingerprint fmt:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}:{HEX:2}⟫"
}
"""

FILES["ops/salt/pillar/redis.sls"] = """\
redis:
  bind: 0.0.0.0
  requirepass: ⟪T password salt-pillar-requirepass alnum:32⟫
  maxmemory: 2gb
  tls_cert_file: /etc/redis/tls/redis.crt
"""

FILES["ops/systemd/claims-worker.service"] = """\
[Unit]
Description=Claims worker
After=network-online.target

[Service]
User=claims
Environment=QUEUE_URL=amqps://claims:⟪T db-connection systemd-amqp-url alnum:20⟫@mq.internal:5671/claims
Environment=LOG_LEVEL=info
EnvironmentFile=-/etc/claims/worker.env
ExecStart=/opt/claims/bin/worker

[Install]
WantedBy=multi-user.target
"""

FILES["ops/supervisor/worker.conf"] = """\
[program:exporter]
command=/opt/exporter/bin/run --db-password=⟪T password supervisord-command-flag pw:17⟫ --port 9187
autostart=true
environment=EXPORTER_MODE="full",EXPORTER_TOKEN="⟪T generic-secret supervisord-environment alnum:32⟫"
"""

FILES["ops/cron/backup.crontab"] = """\
MAILTO=ops@quillmark.example
# m h dom mon dow command
15 2 * * * PGPASSWORD='⟪T password crontab-pgpassword pw:16⟫' pg_dump -h claims-db.internal -U backup claims | gzip > /backups/claims.sql.gz
45 3 * * 0 /opt/scripts/rotate.sh --keep 14
"""

FILES[".drone.yml"] = """\
kind: pipeline
type: docker
name: default
steps:
  - name: publish
    image: plugins/docker
    settings:
      repo: quillmark/claims
      username: qmbot
      password:
        from_secret: docker_password
  - name: notify
    image: plugins/webhook
    settings:
      urls: ⟪T generic-secret drone-teams-webhook fmt:https://quillmark.webhook.office.com/webhookb2/{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}@{hex:8}-{hex:4}-4{hex:3}-9{hex:3}-{hex:12}/IncomingWebhook/{hex:32}/{hex:8}-{hex:4}-4{hex:3}-a{hex:3}-{hex:12}⟫
"""

FILES["bitbucket-pipelines.yml"] = """\
image: node:20
pipelines:
  default:
    - step:
        name: Test
        script:
          - npm ci
          - npm test
        services:
          - postgres
definitions:
  services:
    postgres:
      image: postgres:16
      variables:
        POSTGRES_DB: claims_test
        POSTGRES_PASSWORD: ⟪T password bitbucket-service-variable alnum:18⟫
"""

FILES[".travis.yml"] = """\
language: python
python: "3.12"
env:
  global:
    - secure: "⟪F encrypted travis-secure-env b64:344⟫"
    - PIP_INDEX_TOKEN=⟪T package-registry travis-plain-env fmt:pypi-AgEIcHlwaS5vcmc{b64url:120}⟫
script: pytest -q
"""

FILES["ci/tekton/pipelinerun.yaml"] = """\
apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  generateName: claims-build-
spec:
  pipelineRef:
    name: build-and-push
  params:
    - name: registry-password
      value: ⟪T password tekton-param-value pw:20⟫
    - name: image
      value: qmregistry.azurecr.io/claims:latest
    - name: git-revision
      value: ⟪F hash tekton-git-revision hex:40⟫
"""

FILES["deploy/argocd/repo-secret.yaml"] = """\
apiVersion: v1
kind: Secret
metadata:
  name: claims-repo
  namespace: argocd
  labels:
    argocd.argoproj.io/secret-type: repository
stringData:
  type: git
  url: https://github.com/quillmark/claims-deploy
  username: argocd
  password: ⟪T github argocd-repo-secret gh:ghp_⟫
"""

FILES["deploy/helmfile.yaml"] = """\
releases:
  - name: claims
    chart: ./charts/claims
    values:
      - values/prod.yaml
    set:
      - name: postgresql.auth.password
        value: ⟪T password helmfile-set-value pw:18⟫
      - name: image.digest
        value: sha256:⟪F hash helmfile-image-digest hex:64⟫
      - name: smtp.password
        value: {{ requiredEnv "SMTP_PASSWORD" | quote }}
"""

FILES["deploy/swarm/stack.yml"] = """\
version: "3.9"
services:
  claims:
    image: qmregistry.azurecr.io/claims:2.4.1
    environment:
      - SPRING_PROFILES_ACTIVE=prod
      - SPRING_DATASOURCE_PASSWORD=⟪T password swarm-env-list pw:19⟫
    secrets:
      - source: claims_jwt
        target: jwt.key
secrets:
  claims_jwt:
    external: true
"""

FILES["deploy/k8s/registry-pull.yaml"] = """\
apiVersion: v1
kind: Secret
metadata:
  name: qm-registry
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: ⟪T password dockerconfigjson-base64 b64of:{"auths":{"qmregistry.azurecr.io":{"username":"qmregistry","password":"{alnum:32}"}}}⟫
"""
