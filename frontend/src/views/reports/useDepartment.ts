import { computed, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { MonthlyReport } from '@/api/types'
import { useReferenceStore } from '@/stores/reference'
import { acrossMembers as membersInMonth, departmentTables, type Matrix } from './monthly'

/**
 * useDepartment is the monthly report's department part, as the report and its print show it:
 * one table per each_staff target of its members by months (none unless shown() is true), and
 * for one month, a table's members across with the target's total last.
 */
export function useDepartment(report: Ref<MonthlyReport | null>, shown: () => boolean, year: Ref<number>, month: Ref<number | undefined>) {
  const { t } = useI18n()
  const refs = useReferenceStore()
  const tables = computed(() => (report.value && shown() ? departmentTables(report.value, refs.userName) : []))
  const acrossMembers = (table: Matrix) =>
    membersInMonth(table, month.value, (i) => i.staff_name || refs.userName(i.staff_id), year.value, t('monthly.total'))
  return { tables, acrossMembers }
}
