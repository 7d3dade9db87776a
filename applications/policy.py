"""Who may do what with applications in the admin: Wagtail asks this policy for «Søknader»
(its menu item, listing, inspect view and bulk actions)."""

from wagtail.permission_policies import ModelPermissionPolicy

from forms.permissions import may_review


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Reviewers (forms.review_application, which superusers hold as well) may see and work
    applications; nobody creates, copies or deletes them in the admin: they come from the
    form and go by the retention rules. The model's own view and change permissions give
    nothing here: case handling has its one permission."""

    WORK = {"view", "change"}

    def user_has_permission(self, user, action):
        return action in self.WORK and may_review(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
