import { DisputeDetail, DisputeList } from '../../components/Disputes.tsx';

/** The dispute board of the office's area (the central office: all); officers decide. */
export const DisputeBoard = () => <DisputeList base="/officer/disputes" board />;
export const OfficerDispute = () => <DisputeDetail base="/officer/disputes" />;
