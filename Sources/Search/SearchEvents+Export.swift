// The engines speak in SearchEvents' types; code that drives them needs both.
@_exported import SearchEvents
