"""Settings shared by every environment. Secure by default: everything that
differs between machines is read from the environment."""

import os
import warnings
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name, default=None):
    return os.environ.get(name, default)


def deprecated_env(old, new):
    """An old environment variable's value, with a DeprecationWarning naming the new one."""
    value = os.environ.get(old)
    if value is not None:
        warnings.warn(f"{old} is deprecated; set {new} instead.", DeprecationWarning, stacklevel=2)
    return value


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "home",
    "blog",
    "courses",
    "community.people",
    "community.events",
    "community.tracking",
    "community.rewards",
    "community.wishlists",
    "community.conversation",
    "community.payments",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An anonymous page from the page cache is answered here, before sessions,
    # authentication, CSRF, CSP and Wagtail's routing (docs/tracking.md).
    "community.tracking.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A page's site and root page from the cache (after CommonMiddleware checks the host).
    "portal.sites.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.PortalCSPMiddleware",
    # After the middleware its 400 page needs (CSP nonce, user), before any that queries.
    "portal.middleware.RejectNullCharactersMiddleware",
    "portal.middleware.ImpossibleIdMiddleware",
    "portal.middleware.ReadableRefusalsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: counts the views of pages Wagtail renders.
    "community.tracking.middleware.PageTrackingMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and a task run side by side.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", "")
# A Redis slower than this is treated as down (portal.breaker): pages are served
# without it, and it is tried again after OUTAGE_RETRY_SECONDS.
REDIS_SOCKET_TIMEOUT = float(env("REDIS_SOCKET_TIMEOUT", "1"))
REDIS_CONNECT_TIMEOUT = float(env("REDIS_CONNECT_TIMEOUT", "1"))
OUTAGE_RETRY_SECONDS = float(env("OUTAGE_RETRY_SECONDS", "5"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache_backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "kmp"),
            "OPTIONS": {
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up says plainly when an address is taken, as people expect.
ACCOUNT_PREVENT_ENUMERATION = False
# A newcomer who confirms their address in the same browser goes straight back to
# where they signed up (a course, an event), already signed in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# login_failed's "key" is the account *and* the client address (community.people.adapter),
# so nobody can lock an owner out from elsewhere; the owner is told by email after
# LOGIN_FAILURES_BEFORE_NOTICE failures in an hour from anywhere.
ACCOUNT_ADAPTER = "community.people.adapter.AccountAdapter"
LOGIN_FAILURES_BEFORE_NOTICE = int(env("LOGIN_FAILURES_BEFORE_NOTICE", "10"))
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/m/ip",
    "reset_password": "5/m/ip,3/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_SIGNUP_FORM_CLASS = "community.people.forms.SignupForm"
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
# allauth's forms with the site's words: sentence-case labels, password rules in one line.
ACCOUNT_FORMS = {
    name: f"community.people.account_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
MFA_FORMS = {
    name: f"community.people.account_forms.{form}"
    for name, form in {
        "authenticate": "MfaAuthenticateForm",
        "reauthenticate": "MfaReauthenticateForm",
        "activate_totp": "ActivateTOTPForm",
        "deactivate_totp": "DeactivateTOTPForm",
    }.items()
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# The authenticator app names the site as Site settings do (MFAAdapter.get_totp_issuer).
MFA_ADAPTER = "community.people.adapter.MFAAdapter"
# Every privileged action (the Wagtail admin, and anything a role grants: see
# portal.second_factor) needs TOTP verified in the session.
KMP_ADMIN_REQUIRES_MFA = env_bool("KMP_ADMIN_REQUIRES_MFA", True)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3-compatible storage (django-storages), so that every app server sees every
# upload; the local disk (MEDIA_ROOT) when no bucket is named. Credentials come from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (read by boto3 itself) or an instance role.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_ORIGIN = ""
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_LOCATION = env("AWS_LOCATION", "media")
    # Public media is linked directly; uploads never replace another file of the same name.
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
    AWS_DEFAULT_ACL = env("AWS_DEFAULT_ACL") or None
    AWS_S3_FILE_OVERWRITE = False
    AWS_S3_ADDRESSING_STYLE = env("AWS_S3_ADDRESSING_STYLE") or None
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGIN = f"https://{AWS_S3_CUSTOM_DOMAIN}"
    elif AWS_S3_ENDPOINT_URL:
        MEDIA_ORIGIN = AWS_S3_ENDPOINT_URL.rstrip("/")
    else:
        MEDIA_ORIGIN = "https://*.amazonaws.com"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Mail waits in the task queue and is retried while the mail server is away (portal.mail).
EMAIL_BACKEND = env("EMAIL_BACKEND", "portal.mail.TaskQueueEmailBackend")
EMAIL_DELIVERY_BACKEND = env("EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "KMP Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security defaults; production.py turns on HTTPS-only parts.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

_CSP = {
    "default-src": [SELF],
    # Public pages need no nonce (the page cache keeps them whole): Plausible's script
    # is allowed by its address. A template may still use a nonce; such a page is
    # rendered for every request.
    "script-src": [SELF, NONCE, "https://plausible.io/js/script.js"],
    "style-src": [SELF],
    "img-src": [SELF, "data:", "blob:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF, "https://plausible.io"],
    "frame-src": [
        SELF,
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://player.vimeo.com",
    ],
    "frame-ancestors": [SELF],
    "form-action": [SELF],
    "base-uri": [SELF],
    "object-src": [NONE],
}
# The Wagtail admin still ships inline scripts and styles in places.
KMP_ADMIN_CSP_UPDATE = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}
CSP_ENFORCE = env_bool("CSP_ENFORCE", True)
if CSP_ENFORCE:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP}
else:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _CSP}

WAGTAIL_SITE_NAME = "KMP Portal"
# YouTube and Vimeo frames are built without asking the provider (portal/embeds.py).
WAGTAILEMBEDS_FINDERS = [
    {"class": "portal.embeds.VideoHostFinder"},
    {"class": "wagtail.embeds.finders.oembed"},
]
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "portal.PortalImage"
# Enough for any camera photo (40 MP); more pixels than that, even in a few KB of PNG,
# would take gigabytes of memory to decode, so such an upload is refused and told why.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(env("WAGTAILIMAGES_MAX_IMAGE_PIXELS", "40000000"))
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(env("WAGTAILIMAGES_MAX_UPLOAD_SIZE", str(10 * 1024 * 1024)))
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
if env("SEARCH_URLS"):
    # At scale: OpenSearch or Elasticsearch, switched on by configuration alone
    # (install the matching client; see docs/search.md).
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": env("SEARCH_BACKEND_MODULE", "wagtail.search.backends.opensearch3"),
        "URLS": env_list("SEARCH_URLS"),
        "INDEX_PREFIX": env("SEARCH_INDEX_PREFIX", "kmp_"),
        "TIMEOUT": int(env("SEARCH_TIMEOUT", "5")),
        "OPTIONS": {
            "verify_certs": env_bool("SEARCH_VERIFY_CERTS", True),
            "ca_certs": env("SEARCH_CA_CERTS") or None,
            "max_retries": 2,
            "retry_on_timeout": True,
        },
        "INDEX_SETTINGS": {
            "settings": {
                "index": {"number_of_shards": 1, "number_of_replicas": int(env("SEARCH_REPLICAS", "1"))},
                "analysis": {"analyzer": {"default": {"type": "english"}}},
            }
        },
        "ATOMIC_REBUILD": True,
    }
    # Indexed on every publish too: searches run here while the cluster is down (search/fallback.py).
    WAGTAILSEARCH_BACKENDS["fallback"] = {"BACKEND": "wagtail.search.backends.database"}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
TAGGIT_CASE_INSENSITIVE = True

KMP_CURRENCY = env("KMP_CURRENCY", "USD")
# A month is calculated once it has ended and this many days have passed (late data);
# contributors then have REWARDS_DISPUTE_DAYS to flag their draft statement before close.
REWARDS_GRACE_DAYS = int(env("REWARDS_GRACE_DAYS", "3"))
REWARDS_DISPUTE_DAYS = int(env("REWARDS_DISPUTE_DAYS", "7"))

# Payments (docs/payments.md). Bank transfer needs nothing but the account to pay into;
# card payments go through Stripe when its secret key is set. STRIPE_API_BASE points the
# client elsewhere (the tests' local fake); empty means Stripe itself.
PAYMENTS_BANK_DETAILS = {
    "account_name": env("PAYMENTS_BANK_ACCOUNT_NAME", "Knowledge Management Professionals"),
    "iban": env("PAYMENTS_BANK_IBAN", "NL00 DEMO 0000 0000 00"),
    "bic": env("PAYMENTS_BANK_BIC", "DEMONL2A"),
}
PAYMENTS_ORGANISATION = env(
    "PAYMENTS_ORGANISATION", "Knowledge Management Professionals (KMP), registered association"
)
PAYMENTS_ORGANISATION_ADDRESS = env("PAYMENTS_ORGANISATION_ADDRESS", "Keizersgracht 1, 1015 AA Amsterdam")
PAYMENTS_MIN_DONATION = int(env("PAYMENTS_MIN_DONATION", "500"))  # minor units
PAYMENTS_REMINDER_DAYS = [int(day) for day in env_list("PAYMENTS_REMINDER_DAYS", "30,7")]
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = env("STRIPE_API_BASE", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # Request logs would carry client addresses; the site keeps none.
    "loggers": {"django.server": {"handlers": [], "propagate": False}},
}
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the admin

# Behind N trusted reverse proxies, the client address is the Nth from the right of
# X-Forwarded-For; page views, allauth's and the forms' rate limits all use it.
# TRACKING_PROXY_COUNT is the old name, read for one more release with a warning.
TRUSTED_PROXY_COUNT = int(
    env("TRUSTED_PROXY_COUNT") or deprecated_env("TRACKING_PROXY_COUNT", "TRUSTED_PROXY_COUNT") or 0
)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT  # allauth's own name for it
RATELIMIT_IP_META_KEY = "community.tracking.visitors.client_ip"

# A bearer token that shows /readyz's checks to monitoring (staff see them anyway).
READYZ_TOKEN = env("READYZ_TOKEN", "")

# Page views (see docs/tracking.md): the recorder defaults to Redis when REDIS_URL is set.
TRACKING_RECORDER = env("TRACKING_RECORDER") or None
TRACKING_PAGE_CACHE = env_bool("TRACKING_PAGE_CACHE", True)
# Qualified readers, what the blogging stream pays (docs/tracking.md): a page visible this
# long sends its read beacon; at most this many readers per network and day count; reads
# from these address ranges (hosting providers' published lists) never qualify.
TRACKING_ENGAGED_SECONDS = int(env("TRACKING_ENGAGED_SECONDS", "20"))
TRACKING_READERS_PER_NETWORK = int(env("TRACKING_READERS_PER_NETWORK", "3"))
TRACKING_DATACENTRE_NETWORKS = env_list("TRACKING_DATACENTRE_NETWORKS")
# Course participation (docs/courses.md): a lesson completes after this share of its
# estimated minutes (never under the floor); points only from accounts this many days
# old; points per learner, course and period at most.
COURSES_LESSON_TIME_SHARE = float(env("COURSES_LESSON_TIME_SHARE", "0.5"))
COURSES_LESSON_MIN_SECONDS = int(env("COURSES_LESSON_MIN_SECONDS", "60"))
COURSES_MIN_ACCOUNT_DAYS = int(env("COURSES_MIN_ACCOUNT_DAYS", "7"))
COURSES_POINTS_PER_LEARNER = int(env("COURSES_POINTS_PER_LEARNER", "4"))
# Page fragments ({% pagecache %}, portal.cache) on or off; off renders them every time.
PORTAL_FRAGMENT_CACHE = env_bool("PORTAL_FRAGMENT_CACHE", True)
