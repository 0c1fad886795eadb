"""Every model module, imported once, so mappers resolve and Alembic sees the whole schema."""

from learning.accounts import models as accounts  # noqa: F401
from learning.audit import models as audit  # noqa: F401
from learning.blockages import models as blockages  # noqa: F401
from learning.digests import models as digests  # noqa: F401
from learning.mail import models as mail  # noqa: F401
from learning.notifications import models as notifications  # noqa: F401
from learning.patterns import models as patterns  # noqa: F401
from learning.sessions import models as sessions  # noqa: F401
from learning.tables import models as tables  # noqa: F401
