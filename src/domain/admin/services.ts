/** Everything the coordinator commands use, assembled once at start-up. */
import type {
  EventRepository,
  ProgrammeRepository,
  UnansweredRepository,
  UserRepository,
} from "../ports.js";
import { type AuditLog, createAuditLog } from "./audit.js";
import { createHandoffDesk, type HandoffDesk, type HandoffRepository } from "./handoff.js";
import type { QuestionTallyRepository } from "./question-tally.js";
import { type BackupService, createBackupService } from "./backup-service.js";
import { createEventAdmin, type EventAdmin } from "./event-admin.js";
import { createPendingActions, type PendingActions } from "./pending.js";
import type { AdminRepository, AuditRepository, PendingActionRepository } from "./ports.js";
import type { BroadcastGateway, EligibilityGateway, SubscriptionGateway } from "./ports-needed.js";
import { createRoleService, type RoleService } from "./roles.js";

/** The coordinator side's services. */
export interface AdminServices {
  roles: RoleService;
  audit: AuditLog;
  pending: PendingActions;
  events: EventAdmin;
  backup: BackupService;
  broadcasts: BroadcastGateway;
  subscriptions: SubscriptionGateway;
  eligibility: EligibilityGateway;
  programmes: ProgrammeRepository;
  users: UserRepository;
  unanswered: UnansweredRepository;
  /** Questions per day, answered or not; undefined when nothing counts them. */
  questionTally?: QuestionTallyRepository | undefined;
  /** The care desk: questions handed to a person; undefined when there is no ticket store. */
  handoff?: HandoffDesk | undefined;
}

/** What {@link createAdminServices} needs. */
export interface AdminServicesDeps {
  ownerIds: readonly number[];
  events: EventRepository;
  programmes: ProgrammeRepository;
  users: UserRepository;
  unanswered: UnansweredRepository;
  admins: AdminRepository;
  auditRepository: AuditRepository;
  pendingRepository: PendingActionRepository;
  newId: () => string;
  broadcasts: BroadcastGateway;
  subscriptions: SubscriptionGateway;
  eligibility: EligibilityGateway;
  questionTally?: QuestionTallyRepository | undefined;
  handoffRepository?: HandoffRepository | undefined;
}

/** Assembles the coordinator services. */
export function createAdminServices(deps: AdminServicesDeps): AdminServices {
  const audit = createAuditLog(deps.auditRepository, deps.newId);
  const { subscriptions, eligibility } = deps;
  return {
    roles: createRoleService(deps.ownerIds, deps.admins),
    audit,
    pending: createPendingActions(deps.pendingRepository, () => deps.newId().slice(0, 12)),
    events: createEventAdmin({ events: deps.events, audit, subscriptions, eligibility }),
    backup: createBackupService({
      events: deps.events,
      programmes: deps.programmes,
      admins: deps.admins,
      subscriptions,
      audit,
      ownerIds: deps.ownerIds,
    }),
    broadcasts: deps.broadcasts,
    subscriptions,
    eligibility,
    programmes: deps.programmes,
    users: deps.users,
    unanswered: deps.unanswered,
    questionTally: deps.questionTally,
    handoff: deps.handoffRepository
      ? createHandoffDesk(deps.handoffRepository, () => deps.newId().slice(0, 12))
      : undefined,
  };
}
