-- Issue 19: the embedded OpenID provider's authorizations (the code, and the tokens issued for it)
-- live in the database, so a code one Berth process issued is redeemed by any other on the same
-- database, and once only. Token values are kept only as SHA-256 hashes; a row is swept when all
-- of its expiries have passed.
create table oidc_authorizations (
  id             varchar(100) primary key,
  client_id      varchar(100) not null,
  code_hash      varchar(80) unique,
  code_used      boolean not null default false,
  access_hash    varchar(80),
  id_token_hash  varchar(80),
  expires_ts     timestamp with time zone not null,
  body           text not null
);
create index oidc_authorizations_access on oidc_authorizations (access_hash);
create index oidc_authorizations_id_token on oidc_authorizations (id_token_hash);
create index oidc_authorizations_expires on oidc_authorizations (expires_ts);
