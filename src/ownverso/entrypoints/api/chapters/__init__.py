"""The chapters API: /chapters/{id}… and, on a blueprint of its own, /series/{id}/chapters…"""
