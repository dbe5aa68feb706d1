-- Ledger: assets, accounts, balances, transactions and their postings, idempotency keys.

CREATE TABLE assets (
    code        text        PRIMARY KEY CHECK (code ~ '^[A-Z0-9]{2,12}$'),
    name        text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('fiat', 'crypto')),
    decimals    smallint    NOT NULL CHECK (decimals BETWEEN 0 AND 18),
    price_id    text        NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- A user's account, or the one "world" account per asset (no owner) through which money enters and leaves.
CREATE TABLE accounts (
    id              uuid        PRIMARY KEY,
    owner_id        uuid        NULL REFERENCES users (id),
    name            text        NOT NULL,
    name_normalized text        NOT NULL,
    base_currency   text        NOT NULL REFERENCES assets (code),
    status          text        NOT NULL CHECK (status IN ('open', 'closed')),
    is_world        boolean     NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         integer     NOT NULL CHECK (version > 0),
    CONSTRAINT accounts_world_has_no_owner CHECK (is_world = (owner_id IS NULL))
);

CREATE UNIQUE INDEX accounts_owner_name_key ON accounts (owner_id, name_normalized) WHERE owner_id IS NOT NULL;
CREATE UNIQUE INDEX accounts_world_key ON accounts (base_currency) WHERE is_world;
CREATE INDEX accounts_owner_created_idx ON accounts (owner_id, created_at, id) WHERE owner_id IS NOT NULL;

-- One row per account and asset. amount is the posted balance, held what outgoing pending transfers reserve.
CREATE TABLE balances (
    account_id      uuid        NOT NULL REFERENCES accounts (id),
    asset           text        NOT NULL REFERENCES assets (code),
    amount          numeric     NOT NULL DEFAULT 0,
    held            numeric     NOT NULL DEFAULT 0 CHECK (held >= 0),
    entry_count     bigint      NOT NULL DEFAULT 0 CHECK (entry_count >= 0),
    allow_negative  boolean     NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (account_id, asset),
    -- The last line of defence: whatever the application does, a user's available balance never goes below zero.
    CONSTRAINT balances_no_overdraft CHECK (allow_negative OR amount - held >= 0)
);

CREATE TABLE transactions (
    id                  uuid        PRIMARY KEY,
    type                text        NOT NULL CHECK (type IN ('credit', 'debit', 'transfer', 'trade', 'reversal')),
    status              text        NOT NULL CHECK (status IN ('pending', 'completed', 'voided', 'reversed')),
    description         text        NULL,
    created_at          timestamptz NOT NULL,
    created_by          uuid        NOT NULL REFERENCES users (id),
    reversal_of         uuid        NULL UNIQUE REFERENCES transactions (id),
    reversed_by         uuid        NULL UNIQUE REFERENCES transactions (id),
    updated_at          timestamptz NOT NULL,
    version             integer     NOT NULL CHECK (version > 0),
    trade_side          text        NULL CHECK (trade_side IN ('buy', 'sell')),
    trade_asset         text        NULL REFERENCES assets (code),
    trade_quantity      numeric     NULL,
    trade_quote_asset   text        NULL REFERENCES assets (code),
    trade_price         numeric     NULL,
    trade_quote_amount  numeric     NULL,
    trade_fee           numeric     NULL,
    trade_total         numeric     NULL,
    CONSTRAINT transactions_trade_details CHECK ((type = 'trade') = (trade_side IS NOT NULL))
);

CREATE INDEX transactions_created_idx ON transactions (created_at DESC, id DESC);

-- The lines of a transaction. An applied posting records the balance after it (balance_after), its position in its
-- balance's chain (entry_seq) and when it took effect (effective_at, never decreasing along a chain); a pending or
-- voided posting has none of the three.
CREATE TABLE postings (
    transaction_id  uuid        NOT NULL REFERENCES transactions (id),
    leg             smallint    NOT NULL CHECK (leg >= 0),
    account_id      uuid        NOT NULL REFERENCES accounts (id),
    asset           text        NOT NULL REFERENCES assets (code),
    amount          numeric     NOT NULL CHECK (amount <> 0),
    balance_after   numeric     NULL,
    entry_seq       bigint      NULL CHECK (entry_seq > 0),
    effective_at    timestamptz NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (transaction_id, leg),
    CONSTRAINT postings_applied_together CHECK (
        (balance_after IS NULL) = (entry_seq IS NULL) AND (entry_seq IS NULL) = (effective_at IS NULL))
);

-- Each position of a balance's chain is taken once.
CREATE UNIQUE INDEX postings_chain_key ON postings (account_id, asset, entry_seq) WHERE entry_seq IS NOT NULL;
-- "Balance at t" is one probe: the last applied posting at or before t (index-only thanks to INCLUDE).
CREATE INDEX postings_effective_idx ON postings (account_id, asset, effective_at DESC, entry_seq DESC)
    INCLUDE (balance_after) WHERE entry_seq IS NOT NULL;
-- An account's transactions, newest first (keyset pagination).
CREATE INDEX postings_account_created_idx ON postings (account_id, created_at DESC, transaction_id DESC);

-- Idempotency keys per user: the row is written in the same transaction as the effects it guards.
CREATE TABLE idempotency_keys (
    user_id       uuid        NOT NULL,
    key           text        NOT NULL,
    request_hash  text        NOT NULL,
    outcome       jsonb       NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);

CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Seed assets: fiat with 2 decimals, crypto with their usual on-chain precision and CoinGecko ids.
INSERT INTO assets (code, name, kind, decimals, price_id) VALUES
    ('USD', 'US Dollar', 'fiat', 2, NULL),
    ('EUR', 'Euro', 'fiat', 2, NULL),
    ('GBP', 'British Pound', 'fiat', 2, NULL),
    ('BTC', 'Bitcoin', 'crypto', 8, 'bitcoin'),
    ('ETH', 'Ethereum', 'crypto', 18, 'ethereum'),
    ('USDT', 'Tether', 'crypto', 6, 'tether'),
    ('BNB', 'BNB', 'crypto', 18, 'binancecoin'),
    ('SOL', 'Solana', 'crypto', 9, 'solana'),
    ('XRP', 'XRP', 'crypto', 6, 'ripple'),
    ('USDC', 'USD Coin', 'crypto', 6, 'usd-coin'),
    ('ADA', 'Cardano', 'crypto', 6, 'cardano'),
    ('DOGE', 'Dogecoin', 'crypto', 8, 'dogecoin'),
    ('TRX', 'TRON', 'crypto', 6, 'tron'),
    ('TON', 'Toncoin', 'crypto', 9, 'the-open-network'),
    ('DOT', 'Polkadot', 'crypto', 10, 'polkadot'),
    ('LINK', 'Chainlink', 'crypto', 18, 'chainlink'),
    ('AVAX', 'Avalanche', 'crypto', 18, 'avalanche-2'),
    ('LTC', 'Litecoin', 'crypto', 8, 'litecoin'),
    ('BCH', 'Bitcoin Cash', 'crypto', 8, 'bitcoin-cash'),
    ('XLM', 'Stellar', 'crypto', 7, 'stellar'),
    ('ATOM', 'Cosmos Hub', 'crypto', 6, 'cosmos'),
    ('UNI', 'Uniswap', 'crypto', 18, 'uniswap'),
    ('XMR', 'Monero', 'crypto', 12, 'monero'),
    ('ETC', 'Ethereum Classic', 'crypto', 18, 'ethereum-classic'),
    ('SHIB', 'Shiba Inu', 'crypto', 18, 'shiba-inu'),
    ('POL', 'POL (ex-MATIC)', 'crypto', 18, 'polygon-ecosystem-token'),
    ('ALGO', 'Algorand', 'crypto', 6, 'algorand'),
    ('FIL', 'Filecoin', 'crypto', 18, 'filecoin'),
    ('APT', 'Aptos', 'crypto', 8, 'aptos');

CREATE UNIQUE INDEX assets_price_id_key ON assets (price_id) WHERE price_id IS NOT NULL;

-- The world account of every seeded asset.
INSERT INTO accounts (id, owner_id, name, name_normalized, base_currency, status, is_world, created_at, updated_at, version)
SELECT gen_random_uuid(), NULL, 'world:' || code, 'world:' || lower(code), code, 'open', true, now(), now(), 1
FROM assets;
