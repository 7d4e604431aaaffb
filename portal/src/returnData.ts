/** Coverage of an agreement's return-data obligation, per period (GET /v1/agreements/{id}/return-data/coverage). */
export interface Coverage {
  periods: {
    period: string;
    accessed: number;
    covered: number;
    share: number;
    deadline: string;
    overdue: boolean;
  }[];
  overduePeriods: string[];
}
