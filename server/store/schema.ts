// The central store's tables, as Kysely sees them. The same tables in SQLite and PostgreSQL:
// instants are epoch milliseconds (bigint), documents are JSON text.
import type { Role } from '../../shared/cases/change-rules';

export { ROLES, type Role } from '../../shared/cases/change-rules';

export interface ServerDatabase {
  /** One row: the version the last change was stamped with. Its row lock orders every change. */
  sync_state: { id: number; version: number; server_id: string; policy_id: string | null; policy_version: number | null };
  users: { id: string; name: string; role: Role; token_hash: string; created_at: number };
  /** Each desktop that has pushed, and who it pushed as. */
  clients: { id: string; user_id: string; first_seen: number; last_seen: number; desk_code: string | null };
  policies: { id: string; version: number; document: string; recorded_at: number };
  /** What the team shares beside its cases (the product catalogue): one row per subject. */
  /** How far each scheduler of the server has done its work (epoch ms). */
  scheduler_marks: { name: string; done_up_to: number };
  team_documents: { subject: string; document: string; revision: number; updated_by: string | null; updated_at: number | null; version: number };
  cases: {
    id: string;
    number: string;
    origin: 'import' | 'local';
    policy_id: string;
    policy_version: number;
    /** The case record without its events (`events: []` when it had a member for them). */
    record: string;
    version: number;
    last_change_id: string | null;
    last_change_name: string | null;
    created_at: number;
    updated_at: number;
  };
  events: {
    id: string;
    case_id: string;
    idx: number;
    document: string;
    recorded_at: number;
    mutation: string | null;
    version: number;
  };
  /** Every mutation ever pushed, applied or rejected, once: its id is the key. */
  mutations: {
    id: string;
    client_id: string;
    user_id: string;
    name: string;
    case_id: string | null;
    args: string;
    status: 'applied' | 'rejected';
    error: string | null;
    version: number;
    made_at: number;
    received_at: number;
  };
  /** Pages sent to roles (schema 1–3; no longer written). */
  pages: { id: string; roles: string; data: string; created_at: number };
  /** Each step of a case's page sent (JSON names and data), kept for desktops that connect later (schema 4). */
  case_pages: { id: string; case_id: string; step: string; recipients: string; data: string; created_at: number };
  /** Each field value a change replaced: history, and the losing side of a concurrent edit. */
  field_changes: {
    id: string;
    case_id: string;
    field: string;
    previous: string | null;
    value: string | null;
    author: string;
    mutation_id: string;
    version: number;
    at: number;
    concurrent: number;
    /** The other version this field is in conflict with after the change (NULL: none). */
    conflict_with: string | null;
    conflict_author: string | null;
  };
}
