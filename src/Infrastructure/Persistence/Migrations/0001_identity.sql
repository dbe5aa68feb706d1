-- Identity: users, their refresh tokens, and the audit trail.

CREATE TABLE users (
    id                  uuid        PRIMARY KEY,
    username            text        NOT NULL,
    username_normalized text        NOT NULL,
    email               text        NOT NULL,
    email_normalized    text        NOT NULL,
    password_hash       text        NOT NULL,
    role                text        NOT NULL CHECK (role IN ('user', 'admin')),
    security_stamp      text        NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    deleted_at          timestamptz NULL,
    version             integer     NOT NULL CHECK (version > 0)
);

-- Uniqueness holds among live users only: a deleted user's e-mail and username can be registered again.
CREATE UNIQUE INDEX users_email_normalized_key ON users (email_normalized) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX users_username_normalized_key ON users (username_normalized) WHERE deleted_at IS NULL;
-- The admin list: newest first, keyset-paginated.
CREATE INDEX users_created_at_id_idx ON users (created_at DESC, id DESC) WHERE deleted_at IS NULL;

CREATE TABLE refresh_tokens (
    id          uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id),
    family_id   uuid        NOT NULL,
    token_hash  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz NULL,
    revoked_at  timestamptz NULL
);

CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id);

CREATE TABLE audit_log (
    id              uuid        PRIMARY KEY,
    occurred_at     timestamptz NOT NULL,
    actor_id        uuid        NULL,
    action          text        NOT NULL,
    entity_type     text        NOT NULL,
    entity_id       text        NULL,
    subject_user_id uuid        NULL,
    outcome         text        NOT NULL CHECK (outcome IN ('succeeded', 'refused')),
    code            text        NULL,
    client_ip       text        NULL,
    trace_id        text        NULL,
    before          jsonb       NULL,
    after           jsonb       NULL
);

CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at DESC, id DESC);
CREATE INDEX audit_log_actor_id_idx ON audit_log (actor_id, occurred_at DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, occurred_at DESC);
