// TerminalUI module
