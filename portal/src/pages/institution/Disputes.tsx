import { DisputeDetail, DisputeList } from '../../components/Disputes.tsx';

/** "Sengketa": the residents' disputes of the institution's accesses; the head or admin answers. */
export const InstitutionDisputes = () => <DisputeList base="/institution/disputes" board={false} />;
export const InstitutionDispute = () => <DisputeDetail base="/institution/disputes" />;
