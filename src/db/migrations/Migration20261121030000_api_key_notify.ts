import { Migration } from '@mikro-orm/migrations';

// Every change of an API key that matters to authentication (revocation, scopes, mode, owner,
// deletion) is announced on the channel `cg_api_key_changed` with the key's id, whoever makes it
// (a gateway, the CLI, psql). Gateways LISTEN and drop the key from their in-process cache.
export class Migration20261121030000_api_key_notify extends Migration {
  override name = 'Migration20261121030000_api_key_notify';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "cg_api_key_changed"() returns trigger language plpgsql as $$
begin
  perform pg_notify('cg_api_key_changed', coalesce(new.id, old.id)::text);
  return null;
end $$;`);
    this.addSql(`create trigger "api_key_changed_update" after update on "api_key" for each row
  when (old.revoked_at is distinct from new.revoked_at or old.scopes is distinct from new.scopes
        or old.mode is distinct from new.mode or old.organisation_id is distinct from new.organisation_id
        or old.secret_hash is distinct from new.secret_hash)
  execute function "cg_api_key_changed"();`);
    this.addSql(`create trigger "api_key_changed_delete" after delete on "api_key" for each row execute function "cg_api_key_changed"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "api_key_changed_delete" on "api_key";`);
    this.addSql(`drop trigger if exists "api_key_changed_update" on "api_key";`);
    this.addSql(`drop function if exists "cg_api_key_changed"();`);
  }
}
