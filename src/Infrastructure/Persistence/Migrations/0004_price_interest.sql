-- Which prices each API instance needs kept fresh: the coins its stream subscribers follow (streaming) and the coins
-- its users asked for lately. The instance that refreshes prices reads everyone's; rows not renewed for a while are
-- gone with their instance. Unlogged: after a crash the instances rewrite it within seconds.

CREATE UNLOGGED TABLE price_interest (
    instance_id uuid        NOT NULL,
    coin        text        NOT NULL,
    vs          text        NOT NULL,
    streaming   boolean     NOT NULL,
    seen_at     timestamptz NOT NULL,
    PRIMARY KEY (instance_id, coin, vs)
);

CREATE INDEX price_interest_seen_at ON price_interest (seen_at);
