// Toasts and confirmation boxes of Element Plus, with their styles (the component resolver
// only covers components used in templates).
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/button/style/css'
import 'element-plus/es/components/input/style/css'

export { ElMessage, ElMessageBox } from 'element-plus'
