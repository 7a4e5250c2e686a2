// Moved to model/ (os/ needs it too and sits below store/); kept for the ui/ imports.
export {type Clock, systemClock} from '../model/clock.js';
