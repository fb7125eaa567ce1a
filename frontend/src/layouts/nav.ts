import type { Component } from 'vue'
import { Aim, Calendar, DataAnalysis, EditPen, Histogram, Setting, Trophy } from '@element-plus/icons-vue'
import type { Role } from '@/api'

export interface NavItem {
  /** Route name. */
  name: string
  /** i18n key of the label. */
  label: string
  icon: Component
  /** Roles that see the entry; every role when left out. */
  roles?: Role[]
  /** Shows the count of activities waiting to be recorded. */
  badge?: 'toRecord'
}

/** The app's pages in menu order; each page's route carries the same roles. */
export const NAV: NavItem[] = [
  { name: 'dashboard', label: 'dashboard.title', icon: DataAnalysis },
  { name: 'calendar', label: 'nav.calendar', icon: Calendar },
  { name: 'to-record', label: 'cal.toRecord.title', icon: EditPen, roles: ['admin', 'manager', 'staff'], badge: 'toRecord' },
  { name: 'monthly', label: 'monthly.title', icon: Histogram },
  { name: 'targets', label: 'targets.title', icon: Aim },
  { name: 'assessment', label: 'assessment.title', icon: Trophy },
  { name: 'admin', label: 'admin.title', icon: Setting, roles: ['admin', 'manager', 'viewer'] },
]
